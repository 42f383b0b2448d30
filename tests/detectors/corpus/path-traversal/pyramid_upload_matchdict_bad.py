# family: path-traversal
# label: bad
# source: own
import os
import shutil

from pyramid.httpexceptions import HTTPCreated
from pyramid.view import view_config

UPLOADS = "/srv/uploads"


@view_config(route_name="upload", request_method="PUT")
def upload(request):
    filename = request.matchdict["filename"]
    target = os.path.join(UPLOADS, request.authenticated_userid or "anon", filename)
    with open(target, "wb") as out:  # expect
        shutil.copyfileobj(request.body_file, out)
    return HTTPCreated()
