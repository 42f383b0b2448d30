# family: correctness
# label: bad
# source: own
# rule: python/re-flags-as-count
import re


def sections(markdown: str) -> list[str]:
    return re.split(r"^## ", markdown, re.MULTILINE)  # expect
