# family: open-redirect
# label: bad
# source: own
from django.contrib.auth import authenticate, login
from django.http import HttpResponseRedirect
from django.shortcuts import render


def sign_in(request):
    next_url = request.GET.get("next", "/")
    if request.method == "POST":
        user = authenticate(request, username=request.POST["username"],
                            password=request.POST["password"])
        if user is not None:
            login(request, user)
            if "//" in next_url:
                next_url = "/"  # misses "/\\evil.example" and "https:evil.example"
            return HttpResponseRedirect(next_url)  # expect
    return render(request, "accounts/login.html", {"next": next_url})
