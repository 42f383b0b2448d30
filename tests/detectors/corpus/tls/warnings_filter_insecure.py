# family: tls
# label: bad
# source: own
# rule: python/tls-warnings-disabled
import warnings

from urllib3.exceptions import InsecureRequestWarning

warnings.simplefilter("ignore", InsecureRequestWarning)  # expect


def configure_logging(level: str) -> None:
    import logging

    logging.basicConfig(level=level)
