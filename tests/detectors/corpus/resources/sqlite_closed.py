# family: resources
# label: good
# source: own
import sqlite3
from contextlib import closing


def count_users(path: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT count(*) FROM users").fetchone()[0]
