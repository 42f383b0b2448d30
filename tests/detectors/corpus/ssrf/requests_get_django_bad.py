# family: ssrf
# label: bad
# source: own
import requests
from django.http import JsonResponse


def fetch_url(request):
    value = request.GET.get("url", "")
    response = requests.get(value, timeout=5)  # expect
    return {"status": response.status_code}
