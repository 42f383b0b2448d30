# family: redos
# label: good
# source: own
import re

from django.shortcuts import render

from .models import Note


def highlight(text, term):
    return re.sub(f"({re.escape(term)})", r"<mark>\1</mark>", text, flags=re.IGNORECASE)


def search_notes(request):
    term = request.GET.get("q", "")
    notes = Note.objects.filter(body__icontains=term)[:20]
    return render(request, "notes/search.html",
                  {"results": [highlight(n.body, term) for n in notes]})
