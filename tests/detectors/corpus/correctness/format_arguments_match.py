# family: correctness
# label: good
# source: own
# rule: python/format-args-mismatch
import logging

log = logging.getLogger(__name__)


def report_progress(done: int, total: int) -> str:
    message = "{} of {} files ({:.0%})".format(done, total, done / total if total else 1)
    log.info("%s (%s)", message, "progress")
    return message
