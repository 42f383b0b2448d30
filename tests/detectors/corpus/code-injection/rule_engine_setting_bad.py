# family: code-injection
# label: bad
# source: own
from django.http import JsonResponse
from django.views import View

from .models import Order


class DiscountPreview(View):
    def get(self, request, order_id):
        self.rule = request.GET.get("rule", "total > 100")
        order = Order.objects.get(pk=order_id)
        return JsonResponse({"applies": self.applies(order)})

    def applies(self, order):
        return bool(eval(self.rule, {}, {"total": order.total, "items": order.item_count}))  # expect
