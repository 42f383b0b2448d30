"""`--format rdjson` / `rdjsonl`: reviewdog's Diagnostic Format, so
`reviewbot review … --format rdjson | reviewdog -f=rdjson -reporter=github-pr-review` posts
to any host reviewdog supports. Ranges are line-wise (no columns), which reviewdog reads as
"whole lines, end inclusive". Change-level findings have no location; reviewdog would drop
them, so they are left out here (they are in the json/text/markdown formats).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from reviewbot.review.findings import Finding, Severity

if TYPE_CHECKING:
    from reviewbot.review.pipeline import Review

SOURCE = {"name": "reviewbot", "url": "https://github.com/codeyard/codeyard"}
RD_SEVERITY = {
    Severity.CRITICAL: "ERROR",
    Severity.HIGH: "ERROR",
    Severity.MEDIUM: "WARNING",
    Severity.LOW: "INFO",
    Severity.INFO: "INFO",
}


def diagnostic(finding: Finding) -> dict[str, object]:
    cwe = f" [CWE-{finding.cwe}]" if finding.cwe is not None else ""
    return {
        "message": f"[{finding.severity}] {finding.message}{cwe}",
        "location": {
            "path": finding.path,
            "range": {
                "start": {"line": finding.line},
                "end": {"line": finding.end_line or finding.line},
            },
        },
        "severity": RD_SEVERITY[finding.severity],
        "source": SOURCE,
        "code": {"value": finding.rule},
    }


def _located(review: Review) -> list[Finding]:
    return [f for f in [*review.inline, *review.summary] if f.path is not None]


def render(review: Review) -> str:
    result = {
        "source": SOURCE,
        "diagnostics": [diagnostic(f) for f in _located(review)],
    }
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def render_lines(review: Review) -> str:
    return "".join(json.dumps(diagnostic(f), ensure_ascii=False) + "\n" for f in _located(review))
