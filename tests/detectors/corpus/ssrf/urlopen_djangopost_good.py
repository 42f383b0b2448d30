# family: ssrf
# label: good
# source: own
from django.http import JsonResponse
from urllib.request import urlopen


def read_feed(request):
    value = request.POST["feed"]
    feeds = {"news": "https://example.com/news.xml", "blog": "https://example.com/blog.xml"}
    with urlopen(feeds.get(value, feeds["news"]), timeout=10) as page:
        return {"size": len(page.read())}
