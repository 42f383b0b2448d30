# family: open-redirect
# label: good
# source: own
from django.contrib.auth import authenticate, login
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def sign_in(request):
    next_url = request.GET.get("next", "/")
    if request.method == "POST":
        user = authenticate(request, username=request.POST["username"],
                            password=request.POST["password"])
        if user is not None:
            login(request, user)
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
                next_url = "/"
            return HttpResponseRedirect(next_url)
    return render(request, "accounts/login.html", {"next": next_url})
