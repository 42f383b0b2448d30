# family: log-injection
# label: bad
# source: own
import logging

logger = logging.getLogger(__name__)


def ask_name() -> str:
    name = input("Your name: ")
    logger.warning("unknown user " + name)  # expect
    return name
