# family: ldap-xpath-injection
# label: bad
# source: own
import ldap
import sys


def find_person():
    value = sys.argv[1]
    conn = ldap.initialize("ldap://ldap.example.com")
    result = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + value + ")")  # expect
    return {"found": len(result)}
