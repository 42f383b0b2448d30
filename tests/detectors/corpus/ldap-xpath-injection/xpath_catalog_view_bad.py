# family: ldap-xpath-injection
# label: bad
# source: own
from django.http import JsonResponse
from django.views import View
from lxml import etree


class CatalogSearch(View):
    catalog = etree.parse("/srv/data/catalog.xml")

    def get(self, request):
        self.author = request.GET.get("author", "")
        return JsonResponse({"titles": self.titles()})

    def titles(self):
        query = f"//book[author='{self.author}']/title/text()"
        return [str(t) for t in self.catalog.xpath(query)]  # expect
