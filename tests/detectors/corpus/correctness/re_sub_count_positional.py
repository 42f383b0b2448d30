# family: correctness
# label: good
# source: own (pattern: re flags given as count, as in flake8-bugbear's B034 tests)
# rule: python/re-flags-as-count
import re

FLAGS = re.IGNORECASE | re.MULTILINE


def redact_first_key(text: str) -> str:
    return re.sub(r"(api[_-]?key\s*=\s*)\S+", r"\1***", text, 1, FLAGS)
