# family: sql-injection
# label: bad
# source: own
from django.db import connection
from django.http import JsonResponse


def inventory(request):
    clauses = []
    for field, value in request.GET.items():
        if field == "page":
            continue
        clauses.append(f"{field} = '{value}'")
    where = " AND ".join(clauses) or "TRUE"
    with connection.cursor() as cur:
        cur.execute("SELECT sku, name, stock FROM inventory WHERE " + where)  # expect
        rows = cur.fetchall()
    return JsonResponse({"items": [dict(zip(("sku", "name", "stock"), r)) for r in rows]})
