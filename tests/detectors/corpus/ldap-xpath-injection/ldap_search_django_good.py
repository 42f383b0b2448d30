# family: ldap-xpath-injection
# label: good
# source: own
import ldap
from django.http import JsonResponse
from ldap.filter import escape_filter_chars


def find_person(request):
    value = request.GET.get("uid", "")
    conn = ldap.initialize("ldap://ldap.example.com")
    flt = "(uid=" + escape_filter_chars(value) + ")"
    result = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, flt)
    return {"found": len(result)}
