# family: sql-injection
# label: good
# source: own
from django.http import JsonResponse
from myapp.db import engine
from sqlalchemy import text


def list_orders(request):
    value = request.POST["customer"]
    sql = text("SELECT * FROM orders WHERE customer = :customer")
    with engine.connect() as conn:
        rows = conn.execute(sql, {"customer": value})
        return {"orders": [dict(r._mapping) for r in rows]}
