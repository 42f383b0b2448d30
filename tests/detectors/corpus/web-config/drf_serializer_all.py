# family: web-config
# label: bad
# source: own
# rule: python/modelform-all-fields
from rest_framework import serializers

from shop.models import Order


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = "__all__"  # expect
