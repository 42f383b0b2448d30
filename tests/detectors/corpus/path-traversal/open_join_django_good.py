# family: path-traversal
# label: good
# source: own
import os
from django.http import JsonResponse


def read_report(request):
    value = request.GET.get("name", "")
    path = os.path.join("/srv/reports", os.path.basename(value))
    with open(path) as handle:
        return {"report": handle.read()}
