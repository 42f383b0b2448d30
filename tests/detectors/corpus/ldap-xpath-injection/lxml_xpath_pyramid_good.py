# family: ldap-xpath-injection
# label: good
# source: own
from lxml import etree
from pyramid.view import view_config


@view_config(route_name="books", renderer="json")
def books_by(request):
    value = request.params.get("author", "")
    tree = etree.parse("/srv/catalog.xml")
    books = tree.xpath("//book[author=$who]/title/text()", who=value)
    return {"titles": [str(b) for b in books]}
