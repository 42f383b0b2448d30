# family: code-injection
# label: good
# source: own
import operator

from django.http import JsonResponse
from django.views import View

from .models import Order

COMPARE = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "==": operator.eq}


class DiscountPreview(View):
    def get(self, request, order_id):
        field, op, value = request.GET.get("rule", "total > 100").split()
        order = Order.objects.get(pk=order_id)
        facts = {"total": order.total, "items": order.item_count}
        if field not in facts or op not in COMPARE:
            return JsonResponse({"error": "unknown field or operator"}, status=400)
        return JsonResponse({"applies": COMPARE[op](facts[field], float(value))})
