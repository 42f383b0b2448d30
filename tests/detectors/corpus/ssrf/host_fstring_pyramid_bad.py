# family: ssrf
# label: bad
# source: own
import httpx
from pyramid.view import view_config


@view_config(route_name="health", renderer="json")
def check_health(request):
    value = request.params.get("host", "")
    resp = httpx.get(f"http://{value}/health", timeout=3)  # expect
    return {"healthy": resp.status_code == 200}
