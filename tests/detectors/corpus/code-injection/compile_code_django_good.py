# family: code-injection
# label: good
# source: own
import json
from django.http import JsonResponse


def check_rule(request):
    value = request.GET.get("rule", "")
    rule = json.loads(value)
    return {"ok": isinstance(rule, dict)}
