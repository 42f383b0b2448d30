# family: deserialization
# label: good
# source: own
# rule: python/insecure-deserialization
import json
import sqlite3


def session_data(db_path: str, session_id: str) -> dict:
    with sqlite3.connect(db_path) as connection:
        row = connection.execute("SELECT data FROM sessions WHERE id = ?", (session_id,)).fetchone()
    return json.loads(row[0]) if row else {}
