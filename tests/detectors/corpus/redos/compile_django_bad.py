# family: redos
# label: bad
# source: own
import re
from django.http import JsonResponse


def grep_log(request):
    value = request.GET.get("pattern", "")
    pattern = re.compile(value)  # expect
    lines = open("/var/log/app.log").read().splitlines()
    return {"matches": [line for line in lines if pattern.search(line)][:50]}
