# family: open-redirect
# label: bad
# source: own
from django.shortcuts import redirect


def quick_search(request):
    query = request.GET.get("q", "")
    back = request.GET.get("back", "")
    target = back + "?searched=" + query
    return redirect(target)  # expect
