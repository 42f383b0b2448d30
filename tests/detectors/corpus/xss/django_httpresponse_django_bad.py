# family: xss
# label: bad
# source: own
from django.http import HttpResponse
from django.http import JsonResponse


def hello(request):
    value = request.GET.get("name", "")
    return HttpResponse("<h1>Hello, %s</h1>" % value)  # expect
