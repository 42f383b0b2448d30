# family: sql-injection
# label: bad
# source: own
from myapp.db import get_connection
from pyramid.view import view_config


@view_config(route_name="logout", renderer="json")
def logout(request):
    value = request.params.get("token", "")
    query = f"DELETE FROM sessions WHERE token = '{value}'"
    with get_connection() as conn:
        conn.execute(query)  # expect
    return {"ok": True}
