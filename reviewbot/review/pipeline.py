"""review(change, analyzers, scorer, config) → Review: the reviewdog `Run` analogue.

The change comes from a `ChangeSource` (change.py). The pipeline runs the analyzers,
applies the repository's config and inline suppressions (suppressions.py), keeps the
findings on changed lines (filter.py), fingerprints them, and asks the scorer (the JIT
defect model, when there is one) for the change's risk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol

from reviewbot.model.risk import Risk, Scorer
from reviewbot.review.change import Change, split_lines
from reviewbot.review.config import ReviewConfig
from reviewbot.review.diff import Diff, FileStatus
from reviewbot.review.filter import filter_findings
from reviewbot.review.findings import Finding, Severity, fingerprint_of
from reviewbot.review.suppressions import is_suppressed


class Analyzer(Protocol):
    """Turns a change into findings. Findings anywhere in a changed file are fine: the
    pipeline keeps the ones on changed lines."""

    name: str

    def analyze(self, change: Change) -> Iterable[Finding]: ...


@dataclass
class Review:
    diff: Diff
    inline: list[Finding] = field(default_factory=list)  # on added/modified lines
    summary: list[Finding] = field(default_factory=list)  # off the diff's lines, critical
    change_level: list[Finding] = field(default_factory=list)  # about the change as a whole
    notes: list[str] = field(default_factory=list)
    risk: Risk | None = None
    base: str | None = None
    head: str | None = None
    merge_base: str | None = None
    suppressed: int = 0
    files_reviewed: int = 0

    @property
    def findings(self) -> list[Finding]:
        """Everything reported: inline, then summary, then change-level."""
        return [*self.inline, *self.summary, *self.change_level]

    def max_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def fails(self, gate: Severity | None) -> bool:
        return gate is not None and any(f.severity >= gate for f in self.findings)

    def summary_json(self) -> dict[str, object]:
        counts = {str(s): 0 for s in Severity}
        for finding in self.findings:
            counts[str(finding.severity)] += 1
        highest = self.max_severity()
        return {
            "total": len(self.findings),
            "by_severity": counts,
            "max_severity": str(highest) if highest is not None else None,
            "inline": len(self.inline),
            "off_diff": [f.fingerprint for f in self.summary],
            "change_level": len(self.change_level),
            "suppressed": self.suppressed,
            "files_reviewed": self.files_reviewed,
            "base": self.base,
            "head": self.head,
            "merge_base": self.merge_base,
            "notes": list(self.notes),
        }

    def to_json(self) -> dict[str, object]:
        """The stable `--format json` document (docs/reviewbot.md)."""
        data: dict[str, object] = {
            "findings": [f.to_json() for f in self.findings],
            "summary": self.summary_json(),
        }
        if self.risk is not None:
            data["risk"] = self.risk.to_json()
        return data


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (path, line, rule), and per (path, line, CWE): analyzers run in
    priority order (own detectors before wrapped linters), so the first one wins."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for finding in findings:
        keys = [(finding.path, finding.line, finding.rule)]
        if finding.cwe is not None and finding.path is not None:
            keys.append((finding.path, finding.line, f"CWE-{finding.cwe}"))
        if any(key in seen for key in keys):
            continue
        seen.update(keys)
        kept.append(finding)
    return kept


def _assign_occurrences(findings: list[Finding]) -> list[Finding]:
    """Identical flagged lines in one file get distinct, stable fingerprints (n-th
    occurrence), so two identical findings never collapse into one comment."""
    ordered = sorted(findings, key=lambda f: (f.path or "", f.line or 0, f.rule))
    counter: dict[tuple[str, str | None, str], int] = {}
    result = []
    for finding in ordered:
        key = (finding.rule, finding.path, " ".join(finding.anchor_text.split()))
        occurrence = counter.get(key, 0)
        counter[key] = occurrence + 1
        if occurrence:
            finding = finding.with_fingerprint(
                fingerprint_of(finding.rule, finding.path, finding.anchor_text, occurrence)
            )
        result.append(finding)
    return result


def _sort_key(finding: Finding) -> tuple[object, ...]:
    return (finding.path or "", finding.line or 0, -int(finding.severity), finding.rule)


def review(
    change: Change,
    analyzers: Iterable[Analyzer],
    scorer: Scorer | None = None,
    config: ReviewConfig | None = None,
) -> Review:
    config = config or ReviewConfig()
    notes = list(change.notes)
    excluded = frozenset(
        f.path for f in change.diff.files if f.new_path is not None and config.is_excluded(f.path)
    )
    for path in sorted(excluded):
        notes.append(f"excluded by config: {path}")
    for file_diff in change.diff.files:
        if file_diff.status is FileStatus.DELETED:
            continue
        if file_diff.is_binary:
            notes.append(f"skipped binary file {file_diff.path}")
        elif file_diff.too_large:
            notes.append(f"skipped {file_diff.path}: its diff is too large to review line by line")
    change = replace(change, excluded=excluded | change.excluded, notes=notes)

    raw: list[Finding] = []
    for analyzer in analyzers:
        try:
            raw.extend(analyzer.analyze(change))
        except Exception as exc:  # one broken analyzer must not sink the review
            notes.append(f"analyzer {analyzer.name} failed: {type(exc).__name__}: {exc}")

    enabled = [
        f for f in raw if not config.is_disabled(f.rule) and f.severity >= config.min_severity
    ]
    kept, suppressed = [], len(raw) - len(enabled)
    lines_cache: dict[str, list[str]] = {}
    for finding in _dedupe(enabled):
        if finding.path is not None:
            if finding.path in change.excluded:
                continue
            if finding.path not in lines_cache:
                lines_cache[finding.path] = split_lines(change.contents.get(finding.path, ""))
            if is_suppressed(finding, lines_cache[finding.path]):
                suppressed += 1
                continue
        kept.append(finding)

    filtered = filter_findings(_assign_occurrences(kept), change.diff)
    risk = None
    if scorer is not None and change.from_git:
        try:
            risk = scorer.score(change.repo_path or ".", change.base or "", change.head or "")
        except Exception as exc:  # the model is advice; a broken one must not block review
            notes.append(f"risk model failed: {type(exc).__name__}: {exc}")

    return Review(
        diff=change.diff,
        inline=sorted(filtered.inline, key=_sort_key),
        summary=sorted(filtered.summary, key=_sort_key),
        change_level=sorted(filtered.change_level, key=lambda f: (-int(f.severity), f.rule)),
        notes=notes,
        risk=risk,
        base=change.base,
        head=change.head,
        merge_base=change.merge_base,
        suppressed=suppressed,
        files_reviewed=sum(1 for _ in change.text_files()),
    )


