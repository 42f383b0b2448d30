# family: web-frameworks
# label: good
# source: own
import subprocess
from pyramid.view import view_config


@view_config(route_name="checkout", renderer="json")
def checkout(request):
    value = request.params.get("branch", "")
    branch = request.matchdict["branch"]
    subprocess.run(["git", "checkout", "--", branch], check=True)
    return {"branch": branch}
