# family: xxe
# label: bad
# source: own
from django.http import JsonResponse
from lxml import etree


def parse_feed(request):
    value = request.GET.get("xml", "")
    parser = etree.XMLParser(no_network=False)  # expect
    tree = etree.fromstring(value.encode(), parser=parser)
    return {"children": len(tree)}
