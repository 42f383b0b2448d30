# family: sql-injection
# label: good
# source: bandit examples/django_sql_injection_extra.py (Apache-2.0), ported into a view
from django.contrib.auth.models import User
from django.http import JsonResponse


def find_users(request):
    needle = request.GET.get("q", "")
    users = User.objects.filter(is_active=True).extra(
        where=["username LIKE %s OR email LIKE %s"],
        params=[f"%{needle}%", f"%{needle}%"],
    )
    return JsonResponse({"users": list(users.values_list("username", flat=True)[:20])})
