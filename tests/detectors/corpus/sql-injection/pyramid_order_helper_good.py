# family: sql-injection
# label: good
# source: own
from pyramid.view import view_config
from sqlalchemy import text

ORDERS = {"name": "name", "joined": "joined", "recent": "joined DESC"}


def _order_clause(request):
    return "ORDER BY " + ORDERS.get(request.params.get("order", "name"), "name")


@view_config(route_name="members", renderer="json")
def members(request):
    sql = "SELECT id, name, joined FROM members " + _order_clause(request)
    rows = request.dbsession.execute(text(sql)).fetchall()
    return [{"id": r.id, "name": r.name, "joined": r.joined.isoformat()} for r in rows]
