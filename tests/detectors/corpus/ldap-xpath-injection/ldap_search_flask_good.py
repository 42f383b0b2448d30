# family: ldap-xpath-injection
# label: good
# source: own
import ldap
from flask import Flask, request
from ldap.filter import escape_filter_chars


app = Flask(__name__)


@app.route("/people", methods=["GET", "POST"])
def find_person():
    value = request.args.get("uid", "")
    conn = ldap.initialize("ldap://ldap.example.com")
    flt = "(uid=" + escape_filter_chars(value) + ")"
    result = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, flt)
    return {"found": len(result)}
