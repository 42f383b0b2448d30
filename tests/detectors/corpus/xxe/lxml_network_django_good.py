# family: xxe
# label: good
# source: own
import defusedxml.ElementTree as DET
from django.http import JsonResponse


def parse_feed(request):
    value = request.GET.get("xml", "")
    tree = DET.fromstring(value)
    return {"children": len(tree)}
