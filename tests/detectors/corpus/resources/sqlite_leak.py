# family: resources
# label: bad
# source: own
import sqlite3


def count_users(path: str) -> int:
    connection = sqlite3.connect(path)  # expect
    return connection.execute("SELECT count(*) FROM users").fetchone()[0]
