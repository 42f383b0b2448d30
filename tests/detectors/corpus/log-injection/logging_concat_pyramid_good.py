# family: log-injection
# label: good
# source: own
import logging
from pyramid.view import view_config


@view_config(route_name="login", renderer="json")
def login_failed(request):
    value = request.params.get("user", "")
    safe = value.replace("\r", "").replace("\n", "")
    logging.warning("failed login for user " + safe)
    return {"ok": False}
