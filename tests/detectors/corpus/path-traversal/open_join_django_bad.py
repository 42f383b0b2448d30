# family: path-traversal
# label: bad
# source: own
import os
from django.http import JsonResponse


def read_report(request):
    value = request.GET.get("name", "")
    path = os.path.join("/srv/reports", value)
    with open(path) as handle:  # expect
        return {"report": handle.read()}
