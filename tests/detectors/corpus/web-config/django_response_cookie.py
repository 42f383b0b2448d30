# family: web-config
# label: bad
# source: own
from django.http import HttpResponse


def remember(request):
    response = HttpResponse("ok")
    response.set_cookie("remember_token", request.user.remember_token, max_age=86400)  # expect
    return response
