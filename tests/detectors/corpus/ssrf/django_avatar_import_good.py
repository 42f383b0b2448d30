# family: ssrf
# label: good
# source: own
import urllib.request
from urllib.parse import urlparse

from django.core.files.base import ContentFile
from django.http import JsonResponse

AVATAR_HOSTS = {"www.gravatar.com", "avatars.githubusercontent.com"}


def import_avatar(request):
    source = request.POST["avatar_url"]
    parsed = urlparse(source)
    if parsed.scheme != "https" or parsed.hostname not in AVATAR_HOSTS:
        return JsonResponse({"error": "avatars come from Gravatar or GitHub"}, status=400)
    with urllib.request.urlopen(source, timeout=5) as resp:
        data = resp.read(2_000_000)
    request.user.profile.avatar.save("avatar.png", ContentFile(data))
    return JsonResponse({"ok": True})
