# family: log-injection
# label: good
# source: own
import logging

logger = logging.getLogger(__name__)


def ask_name() -> str:
    name = input("Your name: ")
    logger.warning("unknown user %d chars", len(name))
    return name
