# family: sql-injection
# label: bad
# source: own
import sys
from myapp.db import get_db


def find_product():
    value = sys.argv[1]
    cur = get_db().cursor()
    cur.execute("SELECT id, price FROM products WHERE name = '" + value + "'")  # expect
    return {"rows": cur.fetchall()}
