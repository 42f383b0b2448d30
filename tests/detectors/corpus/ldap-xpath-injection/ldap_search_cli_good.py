# family: ldap-xpath-injection
# label: good
# source: own
import ldap
import sys
from ldap.filter import escape_filter_chars


def find_person():
    value = sys.argv[1]
    conn = ldap.initialize("ldap://ldap.example.com")
    flt = "(uid=" + escape_filter_chars(value) + ")"
    result = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, flt)
    return {"found": len(result)}
