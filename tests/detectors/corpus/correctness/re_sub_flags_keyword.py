# family: correctness
# label: good
# source: own
# rule: python/re-flags-as-count
import re


def scrub_emails(text: str) -> str:
    return re.sub(r"[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}", "<email>", text, flags=re.IGNORECASE)


def first_two_fields(line: str) -> list[str]:
    return re.split(r"\s*,\s*", line, 2)
