# family: log-injection
# label: bad
# source: own
import logging
from pyramid.view import view_config


@view_config(route_name="login", renderer="json")
def login_failed(request):
    value = request.params.get("user", "")
    logging.warning("failed login for user " + value)  # expect
    return {"ok": False}
