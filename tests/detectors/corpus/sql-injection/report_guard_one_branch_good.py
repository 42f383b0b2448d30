# family: sql-injection
# label: good
# source: own
from django.db import connection
from django.http import JsonResponse

PERIODS = {"day", "week", "month"}


def revenue(request):
    period = request.GET.get("period", "day")
    with connection.cursor() as cur:
        if period in PERIODS:
            cur.execute(f"SELECT date_trunc('{period}', paid_at), sum(total) FROM orders GROUP BY 1")
        else:
            cur.execute("SELECT date_trunc('day', paid_at), sum(total) FROM orders GROUP BY 1")
        rows = cur.fetchall()
    return JsonResponse({"rows": [[str(d), float(t)] for d, t in rows]})
