# family: xss
# label: bad
# source: own
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe


def show_note(request):
    value = request.GET.get("note", "")
    note = mark_safe("<em>" + value + "</em>")  # expect
    return render(request, "note.html", {"note": note})
