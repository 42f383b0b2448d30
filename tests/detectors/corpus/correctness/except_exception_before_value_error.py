# family: correctness
# label: bad
# source: own
# rule: python/unreachable-except
import logging

log = logging.getLogger(__name__)


def to_amount(text: str) -> int | None:
    try:
        return int(text.replace(",", ""))
    except Exception as error:
        log.error("unexpected error: %s", error)
        raise
    except ValueError:  # expect
        return None
