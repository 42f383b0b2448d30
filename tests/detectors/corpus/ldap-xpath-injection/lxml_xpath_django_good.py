# family: ldap-xpath-injection
# label: good
# source: own
from django.http import JsonResponse
from lxml import etree


def books_by(request):
    value = request.GET.get("author", "")
    tree = etree.parse("/srv/catalog.xml")
    books = tree.xpath("//book[author=$who]/title/text()", who=value)
    return {"titles": [str(b) for b in books]}
