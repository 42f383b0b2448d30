# family: log-injection
# label: good
# source: own
import logging

from django.http import JsonResponse
logger = logging.getLogger(__name__)


def search(request):
    value = request.GET.get("q", "")
    logger.info("search for %r", value)
    return {"ok": True}
