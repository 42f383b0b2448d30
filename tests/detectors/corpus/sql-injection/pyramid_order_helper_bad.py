# family: sql-injection
# label: bad
# source: own
from pyramid.view import view_config
from sqlalchemy import text


def _order_clause(request):
    direction = "DESC" if request.params.get("desc") else "ASC"
    return "ORDER BY " + request.params.get("order", "name") + " " + direction


@view_config(route_name="members", renderer="json")
def members(request):
    sql = "SELECT id, name, joined FROM members " + _order_clause(request)
    rows = request.dbsession.execute(text(sql)).fetchall()  # expect
    return [{"id": r.id, "name": r.name, "joined": r.joined.isoformat()} for r in rows]
