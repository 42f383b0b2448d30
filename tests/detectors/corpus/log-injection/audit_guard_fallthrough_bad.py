# family: log-injection
# label: bad
# source: own
import logging

from pyramid.view import view_config

audit = logging.getLogger("audit")


@view_config(route_name="api_token", request_method="POST", renderer="json")
def issue_token(request):
    client = request.params.get("client_id", "")
    if not client.isidentifier():
        request.response.status = 400
    audit.info("token issued to client %s", client)  # expect
    return {"token": request.registry.tokens.issue(client)}
