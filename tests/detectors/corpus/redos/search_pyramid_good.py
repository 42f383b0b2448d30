# family: redos
# label: good
# source: own
import re
from pyramid.view import view_config


@view_config(route_name="match", renderer="json")
def match_text(request):
    value = request.params.get("regex", "")
    subject = "user@example.com, admin@example.org"
    found = value in subject
    return {"found": found}
