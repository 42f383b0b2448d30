# family: xxe
# label: bad
# source: own
from django.http import JsonResponse
from lxml import etree


def import_feed(request):
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True)  # expect
    root = etree.fromstring(request.body, parser)
    items = [{"title": i.findtext("title"), "link": i.findtext("link")} for i in root.iter("item")]
    return JsonResponse({"imported": len(items), "items": items[:10]})
