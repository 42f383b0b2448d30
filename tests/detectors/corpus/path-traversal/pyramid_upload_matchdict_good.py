# family: path-traversal
# label: good
# source: own
import os
import shutil
import uuid

from pyramid.httpexceptions import HTTPCreated
from pyramid.view import view_config

UPLOADS = "/srv/uploads"


@view_config(route_name="upload", request_method="PUT")
def upload(request):
    extension = os.path.splitext(request.matchdict["filename"])[1].lower()
    if extension not in {".png", ".jpg", ".pdf"}:
        extension = ".bin"
    target = os.path.join(UPLOADS, uuid.uuid4().hex + extension)
    with open(target, "wb") as out:
        shutil.copyfileobj(request.body_file, out)
    return HTTPCreated()
