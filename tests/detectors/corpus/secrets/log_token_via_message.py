# family: secrets
# label: bad
# source: own
# rule: python/secret-in-log
import logging

log = logging.getLogger(__name__)


def rotate(client, service: str) -> str:
    new_token = client.rotate(service)
    message = "rotated %s, new token %s" % (service, new_token)
    log.warning(message)  # expect
    return new_token
