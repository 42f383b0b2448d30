# family: ldap-xpath-injection
# label: good
# source: own
import xml.etree.ElementTree as ET


def count_users():
    value = input("name: ").strip()
    root = ET.parse("/srv/users.xml").getroot()
    users = [u for u in root.iter("user") if u.get("name") == value]
    return {"count": len(users)}
