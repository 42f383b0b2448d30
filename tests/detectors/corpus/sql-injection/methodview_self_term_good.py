# family: sql-injection
# label: good
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
            "WHERE lang = %s AND body_tsv @@ plainto_tsquery(%s)"
        )

    def get(self):
        cur = g.db.cursor()
        cur.execute(self._query(), (self.lang, self.term))
        return jsonify([{"id": i, "title": t} for i, t in cur.fetchall()])
