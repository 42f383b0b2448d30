# family: sql-injection
# label: bad
# source: own
from flask import Blueprint, g, jsonify, request

bp = Blueprint("orders", __name__)


def find_orders(db, customer, status):
    sql = (
        "SELECT id, total, placed_at FROM orders "
        f"WHERE customer_ref = '{customer}' AND status = '{status}' "
        "ORDER BY placed_at DESC"
    )
    with db.cursor() as cur:
        cur.execute(sql)  # expect
        return cur.fetchall()


@bp.route("/api/orders")
def list_orders():
    rows = find_orders(g.db, request.args["customer"], request.args.get("status", "open"))
    return jsonify([{"id": r[0], "total": str(r[1]), "placed_at": r[2].isoformat()} for r in rows])
