# family: open-redirect
# label: bad
# source: own
from django.http import HttpResponseRedirect
from django.http import JsonResponse


def continue_to(request):
    value = request.GET.get("next", "")
    return HttpResponseRedirect(value)  # expect
