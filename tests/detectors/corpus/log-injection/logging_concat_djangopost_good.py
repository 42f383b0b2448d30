# family: log-injection
# label: good
# source: own
import logging
from django.http import JsonResponse


def login_failed(request):
    value = request.POST["user"]
    safe = value.replace("\r", "").replace("\n", "")
    logging.warning("failed login for user " + safe)
    return {"ok": False}
