# family: sql-injection
# label: good
# source: own
from myapp.db import cursor
from pyramid.view import view_config


@view_config(route_name="events", renderer="json")
def recent_events(request):
    value = request.params.get("limit", "")
    limit = int(value or 20)
    cursor.execute(f"SELECT * FROM events ORDER BY at DESC LIMIT {limit}")
    return {"events": cursor.fetchall()}
