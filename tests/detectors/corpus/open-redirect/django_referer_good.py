# family: open-redirect
# label: good
# source: own
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def switch_language(request):
    request.session["lang"] = request.POST.get("lang", "en")
    back = request.GET.get("back") or "/"
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back)
