# family: web-frameworks
# label: good
# source: own
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_POST


def rename_label(label_id, new_name):
    with connection.cursor() as cur:
        cur.execute("UPDATE labels SET name = %s WHERE id = %s", [new_name, label_id])
        return cur.rowcount


@require_POST
def rename(request, label_id):
    changed = rename_label(int(label_id), request.POST["name"])
    return JsonResponse({"changed": changed})
