# family: sql-injection
# label: good
# source: own
from django.http import JsonResponse
from myapp.db import cursor


def list_posts(request):
    value = request.GET.get("sort", "")
    if value not in ("created", "title", "score"):
        value = "created"
    sql = "SELECT id, title FROM posts ORDER BY {} DESC".format(value)
    cursor.execute(sql)
    return {"posts": cursor.fetchall()}
