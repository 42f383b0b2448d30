# family: log-injection
# label: bad
# source: own
import logging
from django.http import JsonResponse


def login_failed(request):
    value = request.POST["user"]
    logging.warning("failed login for user " + value)  # expect
    return {"ok": False}
