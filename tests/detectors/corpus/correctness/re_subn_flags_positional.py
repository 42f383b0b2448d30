# family: correctness
# label: bad
# source: own (pattern: re flags given as count, as in flake8-bugbear's B034 tests)
# rule: python/re-flags-as-count
import re


def redact_keys(text: str) -> tuple[str, int]:
    return re.subn(r"(api[_-]?key\s*=\s*)\S+", r"\1***", text, re.IGNORECASE | re.MULTILINE)  # expect
