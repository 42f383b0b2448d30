# family: secrets
# label: bad
# source: own
# rule: python/secret-in-log
import logging


def start(settings) -> None:
    logging.info("starting with endpoint=%s api_key=%s", settings.endpoint, settings.api_key)  # expect
