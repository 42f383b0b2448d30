# family: resources
# label: good
# source: own
# rule: python/resource-leak
import sqlite3
from contextlib import closing


def count_packages(path: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT count(*) FROM packages").fetchone()[0]


def open_connection(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=5)
    connection.row_factory = sqlite3.Row
    return connection
