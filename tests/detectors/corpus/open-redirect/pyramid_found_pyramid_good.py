# family: open-redirect
# label: good
# source: own
from pyramid.httpexceptions import HTTPFound
from pyramid.view import view_config


@view_config(route_name="leave", renderer="json")
def leave_site(request):
    value = request.params.get("to", "")
    return HTTPFound(location=request.route_url("home", _query={"from": value}))
