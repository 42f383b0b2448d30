# family: sql-injection
# label: good
# source: own
from django.http import JsonResponse
from myapp.db import get_db


def find_product(request):
    value = request.GET.get("name", "")
    cur = get_db().cursor()
    cur.execute("SELECT id, price FROM products WHERE name = ?", (value,))
    return {"rows": cur.fetchall()}
