# family: ssrf
# label: good
# source: own
import httpx
from pyramid.view import view_config


@view_config(route_name="health", renderer="json")
def check_health(request):
    value = request.params.get("host", "")
    resp = httpx.get(f"https://status.example.com/health/{value}", timeout=3)
    return {"healthy": resp.status_code == 200}
