# family: path-traversal
# label: bad
# source: own
import os
from pyramid.view import view_config


@view_config(route_name="delete", renderer="json")
def delete_upload(request):
    value = request.params.get("name", "")
    os.remove(os.path.join("/tmp/uploads", value))  # expect
    return {"deleted": value}
