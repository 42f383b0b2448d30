# family: web-frameworks
# label: bad
# source: own
import os
from django.http import JsonResponse


def list_files(request):
    value = request.GET.get("x", "")
    folder = request.GET.get("folder", "public")
    return JsonResponse({"files": os.listdir("/srv/media/" + folder)})  # expect
