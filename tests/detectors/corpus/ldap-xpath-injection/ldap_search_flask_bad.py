# family: ldap-xpath-injection
# label: bad
# source: own
import ldap
from flask import Flask, request


app = Flask(__name__)


@app.route("/people", methods=["GET", "POST"])
def find_person():
    value = request.args.get("uid", "")
    conn = ldap.initialize("ldap://ldap.example.com")
    result = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + value + ")")  # expect
    return {"found": len(result)}
