# family: code-injection
# label: bad
# source: own
from django.http import JsonResponse


def check_rule(request):
    value = request.GET.get("rule", "")
    code = compile(value, "<rule>", "eval")  # expect
    return {"ok": code is not None}
