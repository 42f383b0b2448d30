# family: command-injection
# label: bad
# source: own
import os
from pyramid.view import view_config


@view_config(route_name="ls", renderer="json")
def list_folder(request):
    value = request.params.get("folder", "")
    listing = os.popen("ls -la /srv/uploads/" + value).read()  # expect
    return {"listing": listing}
