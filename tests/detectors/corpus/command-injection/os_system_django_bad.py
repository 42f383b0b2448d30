# family: command-injection
# label: bad
# source: own
import os
from django.http import JsonResponse


def ping_host(request):
    value = request.GET.get("host", "")
    os.system("ping -c 1 " + value)  # expect
    return {"done": True}
