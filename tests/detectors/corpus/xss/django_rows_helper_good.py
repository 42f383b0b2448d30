# family: xss
# label: good
# source: own
from django.http import HttpResponse
from django.utils.html import escape


def render_row(name, score):
    return f"<tr><td>{escape(name)}</td><td>{score}</td></tr>"


def leaderboard(request):
    names = request.GET.getlist("player")
    rows = "".join(render_row(name, len(name) * 10) for name in names)
    return HttpResponse(f"<table>{rows}</table>")
