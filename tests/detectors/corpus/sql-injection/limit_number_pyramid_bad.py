# family: sql-injection
# label: bad
# source: own
from myapp.db import cursor
from pyramid.view import view_config


@view_config(route_name="events", renderer="json")
def recent_events(request):
    value = request.params.get("limit", "")
    cursor.execute(f"SELECT * FROM events ORDER BY at DESC LIMIT {value}")  # expect
    return {"events": cursor.fetchall()}
