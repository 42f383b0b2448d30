# family: ldap-xpath-injection
# label: bad
# source: own
from django.http import JsonResponse
from lxml import etree


def books_by(request):
    value = request.GET.get("author", "")
    tree = etree.parse("/srv/catalog.xml")
    books = tree.xpath("//book[author='" + value + "']/title/text()")  # expect
    return {"titles": [str(b) for b in books]}
