# family: code-injection
# label: good
# source: own
from myapp import settings
from pyramid.view import view_config


@view_config(route_name="setting", renderer="json")
def read_setting(request):
    value = request.params.get("name", "")
    field = getattr(settings, value) if value.isidentifier() else None
    return {"field": str(field)}
