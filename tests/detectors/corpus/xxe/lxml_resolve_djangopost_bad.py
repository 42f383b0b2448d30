# family: xxe
# label: bad
# source: own
from django.http import JsonResponse
from lxml import etree


def import_xml(request):
    value = request.POST["xml"]
    parser = etree.XMLParser(resolve_entities=True)  # expect
    doc = etree.fromstring(value.encode(), parser)
    return {"root": doc.tag}
