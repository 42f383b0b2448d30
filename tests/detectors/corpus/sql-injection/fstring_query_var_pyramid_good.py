# family: sql-injection
# label: good
# source: own
from myapp.db import get_connection
from pyramid.view import view_config


@view_config(route_name="logout", renderer="json")
def logout(request):
    value = request.params.get("token", "")
    query = "DELETE FROM sessions WHERE token = %s"
    with get_connection() as conn:
        conn.execute(query, (value,))
    return {"ok": True}
