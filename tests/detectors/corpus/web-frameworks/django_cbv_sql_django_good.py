# family: web-frameworks
# label: good
# source: own
from django.db import connection
from django.http import JsonResponse


def post_detail(request):
    value = request.GET.get("slug", "")
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM blog_post WHERE slug = %s", [value])
        return JsonResponse({"post": cur.fetchone()})
