"""review(change, analyzers, scorer, config) → Review: the reviewdog `Run` analogue.

A `Change` is what a pull request shows: the parsed diff plus the new-side text of the
changed files. It comes from a `ChangeSource`: `reviewbot.review.git.GitChangeSource` (a real
repository, merge-base(base, head)..head) or `DiffChangeSource` here (a plain unified diff,
no history; file text from the working tree when it matches the diff, else rebuilt from the
hunks). The pipeline runs the analyzers, applies suppressions and the repository's config,
keeps the findings on changed lines (filter.py), fingerprints them, and asks the scorer (the
JIT defect model, when there is one) for the change's risk.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from reviewbot.model.risk import Risk, Scorer
from reviewbot.review.config import ReviewConfig
from reviewbot.review.diff import Diff, FileDiff, FileStatus, parse_diff
from reviewbot.review.filter import filter_findings
from reviewbot.review.findings import Finding, Severity, fingerprint_of

MAX_FILE_BYTES = 2_000_000  # larger files are skipped with a note (generated or vendored)


def split_lines(text: str) -> list[str]:
    """Lines as git numbers them: split on \\n only (str.splitlines also splits on form
    feeds and Unicode separators, which would shift every line number after them)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


class InputError(ValueError):
    """A change cannot be read: not a repository, unknown ref, unreadable diff ..."""


@dataclass(frozen=True)
class ChangedFile:
    """A file of the change that analyzers can read."""

    diff: FileDiff
    content: str  # new-side text
    complete: bool  # False when rebuilt from hunks: unshown lines are blank

    @property
    def path(self) -> str:
        return self.diff.path

    @property
    def lines(self) -> list[str]:
        return split_lines(self.content)


@dataclass
class Change:
    diff: Diff
    contents: dict[str, str] = field(default_factory=dict)  # new path → new-side text
    complete: set[str] = field(default_factory=set)  # paths whose text is the whole file
    repo_path: str | None = None
    base: str | None = None  # base ref's commit SHA (as given by the user)
    head: str | None = None  # head commit SHA
    merge_base: str | None = None  # the commit the diff starts from
    notes: list[str] = field(default_factory=list)
    config_texts: dict[str, str] = field(default_factory=dict)  # repo config candidates
    excluded: frozenset[str] = frozenset()

    @property
    def from_git(self) -> bool:
        return self.repo_path is not None and self.head is not None

    def reviewable(self) -> list[FileDiff]:
        """Changed files that still exist, are text, and are not excluded by config."""
        return [
            f
            for f in self.diff.files
            if f.status is not FileStatus.DELETED
            and not f.is_binary
            and not f.too_large
            and f.new_path is not None
            and f.new_path not in self.excluded
        ]

    def text_files(self) -> Iterator[ChangedFile]:
        for file_diff in self.reviewable():
            content = self.contents.get(file_diff.path)
            if content is not None:
                yield ChangedFile(file_diff, content, file_diff.path in self.complete)


class ChangeSource(Protocol):
    def load(self) -> Change: ...


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


def decode_text(data: bytes) -> str | None:
    """File bytes → text, or None for binary content (a NUL byte in the first 8 KiB)."""
    if b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace")


class DiffChangeSource:
    """A change from a plain unified diff (`git diff | reviewbot review --diff -`).

    File text comes from the working tree under `root` when the file exists there and its
    lines agree with the diff's new side; otherwise it is rebuilt from the hunks (complete
    for added files, partial for the rest)."""

    def __init__(self, data: str | bytes, root: str | os.PathLike[str] | None = None) -> None:
        self.data = data
        self.root = Path(root) if root is not None else None

    def load(self) -> Change:
        try:
            diff = parse_diff(self.data)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        change = Change(diff=diff)
        for file_diff in diff.files:
            if file_diff.is_binary or file_diff.too_large or file_diff.new_path is None:
                continue
            text = self._worktree_text(file_diff)
            if text is not None:
                change.contents[file_diff.path] = text
                change.complete.add(file_diff.path)
                continue
            rebuilt, complete = file_diff.reconstruct_new_content()
            change.contents[file_diff.path] = rebuilt
            if complete:
                change.complete.add(file_diff.path)
        if self.root is not None:
            for name in (".reviewbot.toml", "pyproject.toml"):
                candidate = self.root / name
                if candidate.is_file():
                    with contextlib.suppress(OSError, UnicodeDecodeError):
                        change.config_texts[name] = candidate.read_text(encoding="utf-8")
        return change

    def _worktree_text(self, file_diff: FileDiff) -> str | None:
        if self.root is None:
            return None
        candidate = self.root / file_diff.path
        try:
            resolved = candidate.resolve()
            if not resolved.is_relative_to(self.root.resolve()) or not resolved.is_file():
                return None
            if resolved.stat().st_size > MAX_FILE_BYTES:
                return None
            text = decode_text(resolved.read_bytes())
        except OSError:
            return None
        if text is None:
            return None
        lines = split_lines(text)
        for number, shown in file_diff.new_side_lines().items():
            if number > len(lines) or lines[number - 1] != shown:
                return None  # the working tree is not the diff's new side
        return text
