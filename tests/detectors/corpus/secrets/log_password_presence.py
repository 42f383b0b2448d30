# family: secrets
# label: good
# source: own (pattern: logging whether a secret is set, tuned on installed packages)
# rule: python/secret-in-log
import logging

logger = logging.getLogger(__name__)


def describe_upload(username: str, password: str | None, repository: str) -> None:
    logger.info(f"username: {username}")
    logger.info(f"password: <{'hidden' if password else 'empty'}>")
    logger.info("uploading to %s (token set: %s)", repository, password is not None)
