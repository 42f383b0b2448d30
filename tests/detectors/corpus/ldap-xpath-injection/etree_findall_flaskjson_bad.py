# family: ldap-xpath-injection
# label: bad
# source: own
import xml.etree.ElementTree as ET
from flask import Flask, request


app = Flask(__name__)


@app.route("/users", methods=["POST"])
def count_users():
    payload = request.get_json()
    value = payload["name"]
    root = ET.parse("/srv/users.xml").getroot()
    users = root.findall(f".//user[@name='{value}']")  # expect
    return {"count": len(users)}
