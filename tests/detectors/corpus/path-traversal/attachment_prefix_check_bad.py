# family: path-traversal
# label: bad
# source: own
import os

from django.conf import settings
from django.http import FileResponse, Http404


def attachment(request):
    name = request.GET["file"]
    full = os.path.join(settings.MEDIA_ROOT, "attachments", name)
    # "attachments/../../secrets.env" still starts with the prefix
    if not full.startswith(os.path.join(settings.MEDIA_ROOT, "attachments")):
        raise Http404("no such attachment")
    return FileResponse(open(full, "rb"), as_attachment=True)  # expect
