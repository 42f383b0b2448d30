# family: log-injection
# label: bad
# source: own
import logging

from django.http import JsonResponse
logger = logging.getLogger(__name__)


def search(request):
    value = request.GET.get("q", "")
    logger.info(f"search for {value}")  # expect
    return {"ok": True}
