# family: resources
# label: good
# source: own (pattern: a cache directory handed to the caller)
# rule: python/temp-dir-leak
import logging
import os
import tempfile

log = logging.getLogger(__name__)


def cache_dir(preferred: str, suffix: str) -> str:
    try:
        os.makedirs(preferred, exist_ok=True)
        base = preferred
    except OSError:
        base = tempfile.mkdtemp()
        log.warning("%s is not writable, caching in %s", preferred, base)
    return os.path.join(base, suffix)
