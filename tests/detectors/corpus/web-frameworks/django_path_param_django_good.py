# family: web-frameworks
# label: good
# source: own
import os
from django.http import JsonResponse


def list_files(request):
    value = request.GET.get("x", "")
    folder = request.GET.get("folder", "public")
    if folder not in {"public", "shared"}:
        folder = "public"
    return JsonResponse({"files": os.listdir("/srv/media/" + folder)})
