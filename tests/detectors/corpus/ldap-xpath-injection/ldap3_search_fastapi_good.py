# family: ldap-xpath-injection
# label: good
# source: own
from fastapi import FastAPI
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars


app = FastAPI()


@app.get("/mail")
def find_by_mail(value: str):
    conn = Connection(Server("ldap.example.com"), auto_bind=True)
    mail = escape_filter_chars(value)
    conn.search("dc=example,dc=com", f"(&(objectClass=person)(mail={mail}))")
    return {"entries": len(conn.entries)}
