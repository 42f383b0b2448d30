"""`--format github-annotations`: GitHub Actions workflow commands, one per finding:

    ::error file=app.py,line=3,endLine=3,title=python/sql-injection::SQL built with …

Property values escape % CR LF : and , ; the message escapes % CR LF (GitHub's
toolkit/core `command.ts` rules). Change-level findings become file-less annotations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewbot.review.findings import Finding, Severity

if TYPE_CHECKING:
    from reviewbot.review.pipeline import Review

COMMAND = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = []
    if finding.path is not None:
        properties.append(f"file={escape_property(finding.path)}")
        if finding.line is not None:
            properties.append(f"line={finding.line}")
            properties.append(f"endLine={finding.end_line or finding.line}")
    properties.append(f"title={escape_property(f'{finding.rule} ({finding.severity})')}")
    return f"::{COMMAND[finding.severity]} {','.join(properties)}::{escape_data(finding.message)}"


def render(review: Review) -> str:
    return "".join(annotation(f) + "\n" for f in review.findings)
