# family: correctness
# label: bad
# source: own
# rule: python/format-args-mismatch
import logging

log = logging.getLogger(__name__)


def report_progress(done: int, total: int) -> str:
    message = "{} of {} files ({:.0%})".format(done, total)  # expect
    log.info(message)
    return message
