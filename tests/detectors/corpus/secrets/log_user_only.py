# family: secrets
# label: good
# source: own
# rule: python/secret-in-log
import logging

logger = logging.getLogger(__name__)


def connect(db, user: str, password: str):
    logger.debug("connecting as %s (password set: %s)", user, bool(password))
    return db.connect(user=user, password=password)
