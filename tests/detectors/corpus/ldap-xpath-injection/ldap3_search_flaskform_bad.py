# family: ldap-xpath-injection
# label: bad
# source: own
from flask import Flask, request
from ldap3 import Connection, Server


app = Flask(__name__)


@app.post("/mail")
def find_by_mail():
    value = request.form["mail"]
    conn = Connection(Server("ldap.example.com"), auto_bind=True)
    conn.search("dc=example,dc=com", f"(&(objectClass=person)(mail={value}))")  # expect
    return {"entries": len(conn.entries)}
