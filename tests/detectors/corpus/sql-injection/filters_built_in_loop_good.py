# family: sql-injection
# label: good
# source: own
from django.db import connection
from django.http import JsonResponse

FILTERABLE = {"sku", "warehouse", "supplier"}


def inventory(request):
    clauses, params = [], []
    for field, value in request.GET.items():
        if field not in FILTERABLE:
            continue
        clauses.append(f"{field} = %s")
        params.append(value)
    where = " AND ".join(clauses) or "TRUE"
    with connection.cursor() as cur:
        cur.execute("SELECT sku, name, stock FROM inventory WHERE " + where, params)
        rows = cur.fetchall()
    return JsonResponse({"items": [dict(zip(("sku", "name", "stock"), r)) for r in rows]})
