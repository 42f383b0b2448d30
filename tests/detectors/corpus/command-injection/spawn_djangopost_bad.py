# family: command-injection
# label: bad
# source: own
import os
from django.http import JsonResponse


def tool_version(request):
    value = request.POST["tool"]
    os.spawnlp(os.P_WAIT, value, value, "--version")  # expect
    return {"checked": True}
