# family: sql-injection
# label: good
# source: own
import sqlite3

TABLE = "users"
COLUMNS = "id, " + "email"


def user_by_id(conn: sqlite3.Connection, uid: int):
    return conn.execute(f"SELECT {COLUMNS} FROM {TABLE} WHERE id = ?", (uid,)).fetchone()
