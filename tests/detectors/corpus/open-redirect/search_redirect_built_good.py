# family: open-redirect
# label: good
# source: own
from urllib.parse import quote

from django.shortcuts import redirect


def quick_search(request):
    query = request.GET.get("q", "")
    target = "/search/?q=" + quote(query)
    return redirect(target)
