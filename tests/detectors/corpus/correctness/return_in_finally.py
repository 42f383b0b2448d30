# family: correctness
# label: bad
# source: own
import logging

log = logging.getLogger(__name__)


def sync(job) -> bool:
    try:
        job.run()
    except ValueError:
        log.warning("bad job %s", job.id)
        raise
    finally:
        return True  # expect
