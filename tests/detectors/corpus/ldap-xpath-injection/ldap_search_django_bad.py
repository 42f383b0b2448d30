# family: ldap-xpath-injection
# label: bad
# source: own
import ldap
from django.http import JsonResponse


def find_person(request):
    value = request.GET.get("uid", "")
    conn = ldap.initialize("ldap://ldap.example.com")
    result = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + value + ")")  # expect
    return {"found": len(result)}
