# family: resources
# label: bad
# source: own
# rule: python/resource-leak
import sqlite3


def open_cursor(path: str) -> sqlite3.Cursor:
    connection = sqlite3.connect(path)  # expect
    return connection.cursor()
