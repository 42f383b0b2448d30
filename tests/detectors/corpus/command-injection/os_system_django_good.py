# family: command-injection
# label: good
# source: own
import os
import shlex
from django.http import JsonResponse


def ping_host(request):
    value = request.GET.get("host", "")
    os.system("ping -c 1 " + shlex.quote(value))
    return {"done": True}
