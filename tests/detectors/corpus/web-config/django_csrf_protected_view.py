# family: web-config
# label: good
# source: own
from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def update_profile(request):
    request.user.profile.bio = request.POST["bio"]
    request.user.profile.save()
    return JsonResponse({"ok": True})
