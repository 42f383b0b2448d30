"""`--format markdown`: a review summary for a pull-request comment or a job summary
($GITHUB_STEP_SUMMARY). Finding messages are escaped; secrets never appear (messages do not
quote them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewbot.review.findings import Finding, Severity

if TYPE_CHECKING:
    from reviewbot.review.pipeline import Review

ICON = {
    Severity.CRITICAL: "🛑",
    Severity.HIGH: "🔴",
    Severity.MEDIUM: "🟠",
    Severity.LOW: "🟡",
    Severity.INFO: "🔵",
}


def escape(text: str) -> str:
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def _row(finding: Finding) -> str:
    where = f"`{finding.path}:{finding.line}`" if finding.path else "—"
    cwe = f"CWE-{finding.cwe}" if finding.cwe is not None else ""
    return (
        f"| {ICON[finding.severity]} {finding.severity} | {where} | `{finding.rule}` | "
        f"{escape(finding.message)} | {cwe} |"
    )


def _table(findings: list[Finding]) -> list[str]:
    return [
        "| Severity | Where | Rule | Finding | CWE |",
        "| --- | --- | --- | --- | --- |",
        *(_row(f) for f in findings),
    ]


def render(review: Review) -> str:
    total = len(review.findings)
    out = ["## reviewbot review", ""]
    if total == 0:
        out.append(f"No findings in {review.files_reviewed} changed file(s). ✅")
    else:
        highest = review.max_severity()
        out.append(f"**{total} finding(s)**, highest severity **{highest}**.")
    if review.risk is not None:
        out += ["", f"**Defect risk:** {review.risk.band} ({review.risk.probability:.0%})"]
        if review.risk.model:
            source = f", {escape(review.risk.source)}" if review.risk.source else ""
            out += [f"Model `{review.risk.model}`{source}."]
        out += [f"- {escape(reason)}" for reason in review.risk.reasons]
    if review.inline:
        out += ["", "### On the changed lines", "", *_table(review.inline)]
    if review.summary:
        out += ["", "### Elsewhere in the changed files (critical)", "", *_table(review.summary)]
    if review.change_level:
        out += ["", "### About the change", ""]
        out += [
            f"- {ICON[f.severity]} **{f.severity}** `{f.rule}`: {escape(f.message)}"
            for f in review.change_level
        ]
    if review.notes:
        out += ["", "<details><summary>Notes</summary>", ""]
        out += [f"- {escape(note)}" for note in review.notes]
        out += ["", "</details>"]
    return "\n".join(out) + "\n"
