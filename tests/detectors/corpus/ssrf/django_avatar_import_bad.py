# family: ssrf
# label: bad
# source: own
import urllib.request

from django.core.files.base import ContentFile
from django.http import JsonResponse


def import_avatar(request):
    source = request.POST["avatar_url"]
    with urllib.request.urlopen(source, timeout=5) as resp:  # expect
        data = resp.read(2_000_000)
    request.user.profile.avatar.save("avatar.png", ContentFile(data))
    return JsonResponse({"ok": True})
