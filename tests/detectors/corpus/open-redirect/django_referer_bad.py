# family: open-redirect
# label: bad
# source: own
from django.shortcuts import redirect


def switch_language(request):
    request.session["lang"] = request.POST.get("lang", "en")
    back = request.GET.get("back") or request.META.get("HTTP_REFERER", "/")
    return redirect(back)  # expect
