# family: code-injection
# label: good
# source: own
import ast
from django.http import JsonResponse


def calculate(request):
    value = request.GET.get("expr", "")
    result = ast.literal_eval(value)
    return {"result": result}
