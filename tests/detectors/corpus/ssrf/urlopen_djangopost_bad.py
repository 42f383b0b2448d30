# family: ssrf
# label: bad
# source: own
from django.http import JsonResponse
from urllib.request import urlopen


def read_feed(request):
    value = request.POST["feed"]
    with urlopen(value, timeout=10) as page:  # expect
        return {"size": len(page.read())}
