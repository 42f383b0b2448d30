# family: log-injection
# label: good
# source: own
import logging

from django.http import JsonResponse

audit = logging.getLogger("audit")


def download(request, slug):
    agent = request.META.get("HTTP_USER_AGENT", "")
    audit.info("download %r by %r", slug, agent)
    return JsonResponse({"slug": slug})
