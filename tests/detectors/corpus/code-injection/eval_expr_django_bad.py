# family: code-injection
# label: bad
# source: own
from django.http import JsonResponse


def calculate(request):
    value = request.GET.get("expr", "")
    result = eval(value)  # expect
    return {"result": result}
