# family: web-frameworks
# label: bad
# source: own
import subprocess
from pyramid.view import view_config


@view_config(route_name="checkout", renderer="json")
def checkout(request):
    value = request.params.get("branch", "")
    branch = request.matchdict["branch"]
    subprocess.run("git checkout " + branch, shell=True, check=True)  # expect
    return {"branch": branch}
