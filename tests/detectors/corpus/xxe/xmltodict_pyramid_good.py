# family: xxe
# label: good
# source: own
import xmltodict
from pyramid.view import view_config


@view_config(route_name="convert", renderer="json")
def convert_xml(request):
    value = request.params.get("xml", "")
    data = xmltodict.parse(value)
    return {"keys": list(data)}
