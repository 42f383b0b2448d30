# family: log-injection
# label: bad
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
        logger.warning(f"failed login for {username} from {request.META.get('REMOTE_ADDR')}")  # expect
        return render(request, "login.html", {"error": True}, status=401)
    login(request, user)
    return redirect("home")
