# family: redos
# label: good
# source: own
import re
from django.http import JsonResponse


def filter_jobs(request):
    value = request.POST["prefix"]
    rule = re.compile(rf"^{re.escape(value)}-\d+$")
    names = ["build-1", "build-22", "deploy-3"]
    return {"names": [n for n in names if rule.match(n)]}
