# family: xxe
# label: good
# source: own
from defusedxml import ElementTree
from django.http import JsonResponse


def import_feed(request):
    root = ElementTree.fromstring(request.body)
    items = [{"title": i.findtext("title"), "link": i.findtext("link")} for i in root.iter("item")]
    return JsonResponse({"imported": len(items), "items": items[:10]})
