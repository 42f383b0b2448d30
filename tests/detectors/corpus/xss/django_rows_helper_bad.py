# family: xss
# label: bad
# source: own
from django.http import HttpResponse


def render_row(name, score):
    return f"<tr><td>{name}</td><td>{score}</td></tr>"


def leaderboard(request):
    names = request.GET.getlist("player")
    rows = "".join(render_row(name, len(name) * 10) for name in names)
    return HttpResponse(f"<table>{rows}</table>")  # expect
