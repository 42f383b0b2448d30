# family: sql-injection
# label: bad
# source: own
from django.http import JsonResponse
from myapp.db import cursor


def list_posts(request):
    value = request.GET.get("sort", "")
    sql = "SELECT id, title FROM posts ORDER BY {} DESC".format(value)
    cursor.execute(sql)  # expect
    return {"posts": cursor.fetchall()}
