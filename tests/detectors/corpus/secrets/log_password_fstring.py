# family: secrets
# label: bad
# source: own
# rule: python/secret-in-log
import logging

logger = logging.getLogger(__name__)


def connect(db, user: str, password: str):
    logger.debug(f"connecting as {user} with password {password}")  # expect
    return db.connect(user=user, password=password)
