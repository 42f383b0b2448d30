# family: web-frameworks
# label: bad
# source: own
from pyramid.httpexceptions import HTTPFound
from pyramid.security import remember
from pyramid.view import view_config


@view_config(route_name="login", request_method="POST")
def login(request):
    came_from = request.params.get("came_from", request.route_url("home"))
    user = request.dbsession.check_credentials(request.params["login"], request.params["password"])
    if user is None:
        return HTTPFound(location=request.route_url("login", _query={"failed": 1}))
    headers = remember(request, user.id)
    return HTTPFound(location=came_from, headers=headers)  # expect
