# family: xss
# label: bad
# source: own
from pyramid.response import Response
from pyramid.view import view_config


@view_config(route_name="greet")
def greet(request):
    visitor = request.params.get("name", "visitor")
    return Response(f"<h1>Welcome back, {visitor}!</h1>")  # expect
