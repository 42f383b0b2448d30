# family: log-injection
# label: good
# source: own
import logging

from django.contrib.auth import authenticate, login
from django.shortcuts import redirect, render

logger = logging.getLogger(__name__)


def sign_in(request):
    if request.method != "POST":
        return render(request, "login.html")
    username = request.POST.get("username", "")
    user = authenticate(request, username=username, password=request.POST.get("password", ""))
    if user is None:
        logger.warning("failed login for %r from %r", username, request.META.get("REMOTE_ADDR"))
        return render(request, "login.html", {"error": True}, status=401)
    login(request, user)
    return redirect("home")
