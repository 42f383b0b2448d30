# family: ldap-xpath-injection
# label: bad
# source: own
import ldap
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=org"


def person_filter(uid):
    return f"(&(objectClass=inetOrgPerson)(uid={uid}))"


@app.route("/directory/lookup")
def lookup():
    conn = ldap.initialize("ldaps://ldap.example.org")
    conn.simple_bind_s("cn=reader,dc=example,dc=org", app.config["LDAP_PASSWORD"])
    found = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, person_filter(request.args["uid"]),  # expect
                          ["cn", "mail"])
    if not found:
        abort(404)
    return jsonify({k: [v.decode() for v in vals] for k, vals in found[0][1].items()})
