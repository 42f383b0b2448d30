# family: xss
# label: good
# source: own
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.html import format_html


def show_note(request):
    value = request.POST["note"]
    note = format_html("<em>{}</em>", value)
    return render(request, "note.html", {"note": note})
