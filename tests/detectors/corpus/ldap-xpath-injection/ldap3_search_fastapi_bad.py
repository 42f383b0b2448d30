# family: ldap-xpath-injection
# label: bad
# source: own
from fastapi import FastAPI
from ldap3 import Connection, Server


app = FastAPI()


@app.get("/mail")
def find_by_mail(value: str):
    conn = Connection(Server("ldap.example.com"), auto_bind=True)
    conn.search("dc=example,dc=com", f"(&(objectClass=person)(mail={value}))")  # expect
    return {"entries": len(conn.entries)}
