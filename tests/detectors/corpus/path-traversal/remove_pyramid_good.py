# family: path-traversal
# label: good
# source: own
import os
from pyramid.view import view_config


@view_config(route_name="delete", renderer="json")
def delete_upload(request):
    value = request.params.get("name", "")
    target = os.path.realpath(os.path.join("/tmp/uploads", value))
    if not target.startswith("/tmp/uploads/"):
        return {"error": "outside uploads"}
    os.remove(target)
    return {"deleted": value}
