# family: code-injection
# label: bad
# source: own
from pyramid.view import view_config


@view_config(route_name="setting", renderer="json")
def read_setting(request):
    value = request.params.get("name", "")
    field = eval(f"settings.{value}")  # expect
    return {"field": str(field)}
