# family: sql-injection
# label: bad
# source: own
from django.http import JsonResponse
from myapp.db import engine
from sqlalchemy import text


def list_orders(request):
    value = request.POST["customer"]
    sql = text("SELECT * FROM orders WHERE customer = '%s'" % value)  # expect
    with engine.connect() as conn:
        return {"orders": [dict(r._mapping) for r in conn.execute(sql)]}
