"""`--format text`: for a terminal. One line per finding, `path:line: severity rule: message`,
then the summary-only and change-level findings, then notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewbot.review.findings import Finding
    from reviewbot.review.pipeline import Review


def _line(finding: Finding) -> str:
    where = finding.path or "(change)"
    if finding.line is not None:
        where += f":{finding.line}"
        if finding.end_line and finding.end_line != finding.line:
            where += f"-{finding.end_line}"
    cwe = f" [CWE-{finding.cwe}]" if finding.cwe is not None else ""
    return f"{where}: {finding.severity} {finding.rule}{cwe}: {finding.message}"


def _flow(finding: Finding, indent: str = "    ") -> list[str]:
    """The source-to-sink path of a data-flow finding, one step a line under it."""
    if len(finding.flow) < 2:
        return []
    return [f"{indent}{step.line}: {step.message}" for step in finding.flow]


def render(review: Review) -> str:
    out: list[str] = []
    for finding in review.inline:
        out.append(_line(finding))
        out.extend(_flow(finding))
    if review.summary:
        out.append("")
        out.append("Outside the changed lines (critical):")
        for finding in review.summary:
            out.append("  " + _line(finding))
            out.extend(_flow(finding, "      "))
    if review.change_level:
        out.append("")
        out.append("About the change:")
        out.extend("  " + _line(f) for f in review.change_level)
    if review.risk is not None:
        out.append("")
        out.append(
            f"Defect risk: {review.risk.band} ({review.risk.probability:.0%}, {review.risk.model}"
            + (f"; {review.risk.source}" if review.risk.source else "")
            + ")"
        )
        out.extend(f"  - {reason}" for reason in review.risk.reasons)
    for note in review.notes:
        out.append(f"note: {note}")
    total = len(review.findings)
    highest = review.max_severity()
    verdict = f"{total} finding{'s' if total != 1 else ''}"
    if highest is not None:
        verdict += f" (highest: {highest})"
    out.append(f"reviewbot: {verdict} in {review.files_reviewed} file(s) reviewed")
    return "\n".join(out) + "\n"
