# family: correctness
# label: good
# source: own
# rule: python/exception-not-raised
import logging

log = logging.getLogger(__name__)


def parse_port(text: str) -> int:
    port = int(text)
    if not 0 < port < 65536:
        raise ValueError(f"port out of range: {port}")
    return port


def report(error: Exception) -> None:
    log.warning("bad input: %s", error)
