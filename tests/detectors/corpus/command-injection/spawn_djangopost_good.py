# family: command-injection
# label: good
# source: own
import os
from django.http import JsonResponse


def tool_version(request):
    value = request.POST["tool"]
    allowed = {"gcc", "clang", "rustc"}
    if value not in allowed:
        raise ValueError("unknown tool")
    os.spawnlp(os.P_WAIT, value, value, "--version")
    return {"checked": True}
