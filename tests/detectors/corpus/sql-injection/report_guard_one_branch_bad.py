# family: sql-injection
# label: bad
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
            # "custom" periods go straight through
            cur.execute(f"SELECT date_trunc('{period}', paid_at), sum(total) FROM orders GROUP BY 1")  # expect
        rows = cur.fetchall()
    return JsonResponse({"rows": [[str(d), float(t)] for d, t in rows]})
