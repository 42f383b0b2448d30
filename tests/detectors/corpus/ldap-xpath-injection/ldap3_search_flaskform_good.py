# family: ldap-xpath-injection
# label: good
# source: own
from flask import Flask, request
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars


app = Flask(__name__)


@app.post("/mail")
def find_by_mail():
    value = request.form["mail"]
    conn = Connection(Server("ldap.example.com"), auto_bind=True)
    mail = escape_filter_chars(value)
    conn.search("dc=example,dc=com", f"(&(objectClass=person)(mail={mail}))")
    return {"entries": len(conn.entries)}
