# family: ldap-xpath-injection
# label: good
# source: own
import xml.etree.ElementTree as ET
from flask import Flask, request


app = Flask(__name__)


@app.route("/users", methods=["POST"])
def count_users():
    payload = request.get_json()
    value = payload["name"]
    root = ET.parse("/srv/users.xml").getroot()
    users = [u for u in root.iter("user") if u.get("name") == value]
    return {"count": len(users)}
