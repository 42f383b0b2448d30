# family: ldap-xpath-injection
# label: bad
# source: own
import xml.etree.ElementTree as ET


def count_users():
    value = input("name: ").strip()
    root = ET.parse("/srv/users.xml").getroot()
    users = root.findall(f".//user[@name='{value}']")  # expect
    return {"count": len(users)}
