"""Inline suppressions: `# reviewbot: ignore[rule-a, rule-b]` (or a bare `reviewbot:
ignore`) on the flagged line, on its last line, or alone on the line above. Rules
switched off for the whole repository live in the review config (`disable`)."""

from __future__ import annotations

import re

from reviewbot.review.findings import Finding

_SUPPRESS = re.compile(r"reviewbot:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)


def suppressed_rules(line: str) -> set[str] | None:
    """Rules an inline `reviewbot: ignore[rule-a, rule-b]` comment suppresses; {"*"} for a
    bare `reviewbot: ignore`; None when the line has no such comment."""
    match = _SUPPRESS.search(line)
    if not match:
        return None
    if match.group(1) is None:
        return {"*"}
    return {part.strip() for part in match.group(1).split(",") if part.strip()}


def is_suppressed(finding: Finding, lines: list[str]) -> bool:
    """Suppressed by a comment on the flagged line, on its last line, or alone on the line
    above."""
    if finding.line is None:
        return False
    candidates = {finding.line, finding.end_line or finding.line}
    above = finding.line - 1
    if 1 <= above <= len(lines) and lines[above - 1].lstrip().startswith("#"):
        candidates.add(above)
    for number in candidates:
        if 1 <= number <= len(lines):
            rules = suppressed_rules(lines[number - 1])
            if rules and ("*" in rules or finding.rule in rules):
                return True
    return False
