"""Which findings a reviewer sees where: pure, like reviewdog's filter/filter.go.

A finding whose line range touches an added (or modified) line of the change goes inline.
A finding elsewhere in a touched file is pre-existing code: it goes to the summary only when
it is critical (a leaked key in the file you are editing is worth saying out loud), and is
otherwise dropped. Change-level findings (no path) always stay.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewbot.review.diff import Diff
from reviewbot.review.findings import Finding, Severity

SUMMARY_MIN_SEVERITY = Severity.CRITICAL


@dataclass
class Filtered:
    inline: list[Finding] = field(default_factory=list)
    summary: list[Finding] = field(default_factory=list)
    change_level: list[Finding] = field(default_factory=list)
    dropped: list[Finding] = field(default_factory=list)


def on_added_lines(finding: Finding, added: set[int]) -> bool:
    if finding.line is None:
        return False
    end = finding.end_line if finding.end_line is not None else finding.line
    return any(n in added for n in range(finding.line, max(end, finding.line) + 1))


def filter_findings(findings: list[Finding], diff: Diff) -> Filtered:
    added_by_path = {f.new_path: f.added_lines() for f in diff.files if f.new_path}
    result = Filtered()
    for finding in findings:
        if finding.is_change_level:
            result.change_level.append(finding)
            continue
        added = added_by_path.get(finding.path or "")
        if added is None:
            result.dropped.append(finding)  # not a file of this change
        elif on_added_lines(finding, added):
            result.inline.append(finding)
        elif finding.severity >= SUMMARY_MIN_SEVERITY:
            result.summary.append(finding)
        else:
            result.dropped.append(finding)
    return result
