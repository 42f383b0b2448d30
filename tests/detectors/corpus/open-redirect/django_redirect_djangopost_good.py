# family: open-redirect
# label: good
# source: own
from django.http import HttpResponseRedirect
from django.http import JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme


def continue_to(request):
    value = request.POST["next"]
    if not url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        value = "/"
    return HttpResponseRedirect(value)
