# family: log-injection
# label: bad
# source: own
import logging

from django.http import JsonResponse

audit = logging.getLogger("audit")


def download(request, slug):
    agent = request.META.get("HTTP_USER_AGENT", "")
    audit.info("download %s by %s" % (slug, agent))  # expect
    return JsonResponse({"slug": slug})
