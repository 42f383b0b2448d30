# family: command-injection
# label: good
# source: own
import os
from pyramid.view import view_config


@view_config(route_name="ls", renderer="json")
def list_folder(request):
    value = request.params.get("folder", "")
    if not value.isalnum():
        return {"error": "bad folder"}
    listing = os.popen("ls -la /srv/uploads/" + value).read()
    return {"listing": listing}
