# family: open-redirect
# label: bad
# source: own
from pyramid.httpexceptions import HTTPFound
from pyramid.view import view_config


@view_config(route_name="leave", renderer="json")
def leave_site(request):
    value = request.params.get("to", "")
    return HTTPFound(location=value)  # expect
