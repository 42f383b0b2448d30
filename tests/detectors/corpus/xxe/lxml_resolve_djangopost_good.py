# family: xxe
# label: good
# source: own
from django.http import JsonResponse
from lxml import etree


def import_xml(request):
    value = request.POST["xml"]
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    doc = etree.fromstring(value.encode(), parser)
    return {"root": doc.tag}
