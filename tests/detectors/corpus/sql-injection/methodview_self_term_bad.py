# family: sql-injection
# label: bad
# source: own
from flask import g, jsonify, request
from flask.views import MethodView


class DocumentSearch(MethodView):
    """GET /search?term=...&lang=..."""

    def __init__(self):
        self.term = request.args.get("term", "").strip()
        self.lang = request.args.get("lang", "en")

    def _query(self):
        return (
            "SELECT id, title FROM documents "
            f"WHERE lang = '{self.lang}' AND body_tsv @@ plainto_tsquery('{self.term}')"
        )

    def get(self):
        cur = g.db.cursor()
        cur.execute(self._query())  # expect
        return jsonify([{"id": i, "title": t} for i, t in cur.fetchall()])
