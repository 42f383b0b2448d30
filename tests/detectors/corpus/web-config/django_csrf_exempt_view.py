# family: web-config
# label: bad
# source: own
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # expect
def update_profile(request):
    request.user.profile.bio = request.POST["bio"]
    request.user.profile.save()
    return JsonResponse({"ok": True})
