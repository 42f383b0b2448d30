# family: path-traversal
# label: good
# source: own
import os

from django.conf import settings
from django.http import FileResponse, Http404


def attachment(request):
    name = request.GET["file"]
    base = os.path.realpath(os.path.join(settings.MEDIA_ROOT, "attachments"))
    full = os.path.realpath(os.path.join(base, name))
    if not full.startswith(base + os.sep):
        raise Http404("no such attachment")
    return FileResponse(open(full, "rb"), as_attachment=True)
