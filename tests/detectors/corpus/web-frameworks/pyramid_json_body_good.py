# family: web-frameworks
# label: good
# source: own
from markupsafe import escape
from pyramid.response import Response
from pyramid.view import view_config


@view_config(route_name="preview")
def preview(request):
    title = request.json_body.get("title", "")
    return Response("<h1>" + escape(title) + "</h1>", content_type="text/html")
