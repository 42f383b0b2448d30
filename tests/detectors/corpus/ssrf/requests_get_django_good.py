# family: ssrf
# label: good
# source: own
import requests
from django.http import JsonResponse


def fetch_url(request):
    value = request.GET.get("url", "")
    allowed = {"https://api.github.com/", "https://pypi.org/simple/"}
    if value not in allowed:
        return {"error": "url not allowed"}
    response = requests.get(value, timeout=5)
    return {"status": response.status_code}
