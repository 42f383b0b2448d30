# family: secrets
# label: good
# source: own
# rule: python/secret-in-log
import logging

log = logging.getLogger(__name__)


def rotate(client, service: str) -> str:
    new_token = client.rotate(service)
    message = "rotated %s, new token ends in %s" % (service, new_token[-4:])
    log.warning(message)
    return new_token
