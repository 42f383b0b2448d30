"""A pure model of a unified diff (git's format and plain `diff -u`): files, hunks, lines
with their old- and new-side numbers. `diff_parser.parse_diff` builds one from text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class FileStatus(StrEnum):
    ADDED = "added"
    DELETED = "deleted"
    MODIFIED = "modified"
    RENAMED = "renamed"
    COPIED = "copied"


class LineKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CONTEXT = "context"


@dataclass(frozen=True)
class DiffLine:
    kind: LineKind
    text: str  # without the leading marker and without the line ending
    old_lineno: int | None
    new_lineno: int | None
    no_newline: bool = False  # followed by "\ No newline at end of file"

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": str(self.kind),
            "text": self.text,
            "old": self.old_lineno,
            "new": self.new_lineno,
        }
        if self.no_newline:
            data["no_newline"] = True
        return data


@dataclass
class Hunk:
    old_start: int
    old_lines: int
    new_start: int
    new_lines: int
    section: str = ""  # the text after the second "@@" (often the enclosing function)
    lines: list[DiffLine] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "old_start": self.old_start,
            "old_lines": self.old_lines,
            "new_start": self.new_start,
            "new_lines": self.new_lines,
            "section": self.section,
            "lines": [line.to_json() for line in self.lines],
        }


@dataclass
class FileDiff:
    old_path: str | None  # None for an added file
    new_path: str | None  # None for a deleted file
    status: FileStatus = FileStatus.MODIFIED
    is_binary: bool = False
    hunks: list[Hunk] = field(default_factory=list)
    old_mode: str | None = None
    new_mode: str | None = None
    similarity: int | None = None  # percent, for renames and copies
    too_large: bool = False  # hunk lines past MAX_FILE_DIFF_LINES were counted, not kept

    @property
    def path(self) -> str:
        """The path a reviewer knows the file by: the new one, or the old one if deleted."""
        return self.new_path or self.old_path or ""

    @property
    def mode_changed(self) -> bool:
        return (
            self.old_mode is not None
            and self.new_mode is not None
            and self.old_mode != self.new_mode
        )

    def added_lines(self) -> set[int]:
        """New-side numbers of added lines (the lines a change introduced or modified)."""
        return {
            line.new_lineno
            for hunk in self.hunks
            for line in hunk.lines
            if line.kind is LineKind.ADDED and line.new_lineno is not None
        }

    def commentable_lines(self) -> set[int]:
        """Every new-side line inside a hunk, added or context: the lines GitHub, GitLab and
        Gitea accept a RIGHT-side review comment on."""
        return {
            line.new_lineno
            for hunk in self.hunks
            for line in hunk.lines
            if line.new_lineno is not None
        }

    def new_side_lines(self) -> dict[int, str]:
        """New-side line number → text for every line the diff shows on the new side."""
        return {
            line.new_lineno: line.text
            for hunk in self.hunks
            for line in hunk.lines
            if line.new_lineno is not None
        }

    def reconstruct_new_content(self) -> tuple[str, bool]:
        """The new side as far as the diff shows it: (text, complete). Lines the diff does not
        show are left blank so that line numbers still match; `complete` is True only when the
        hunks cover the whole new file (an added file, or a hunk that starts at line 1 and
        reaches the end)."""
        shown = self.new_side_lines()
        if not shown:
            return "", self.status is FileStatus.ADDED
        last = max(shown)
        complete = self.status is FileStatus.ADDED or (
            len(shown) == last and self._last_hunk_reaches_end()
        )
        text = "\n".join(shown.get(n, "") for n in range(1, last + 1))
        ends_without_newline = any(
            line.no_newline and line.new_lineno == last
            for hunk in self.hunks
            for line in hunk.lines
        )
        return (text if ends_without_newline else text + "\n"), complete

    def _last_hunk_reaches_end(self) -> bool:
        # A hunk without trailing context that ends at the old file's end, or one flagged
        # "\ No newline at end of file", reaches the file's end; otherwise we cannot know.
        if not self.hunks:
            return False
        return any(line.no_newline for line in self.hunks[-1].lines)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "old_path": self.old_path,
            "new_path": self.new_path,
            "status": str(self.status),
            "is_binary": self.is_binary,
            "old_mode": self.old_mode,
            "new_mode": self.new_mode,
            "similarity": self.similarity,
            "hunks": [hunk.to_json() for hunk in self.hunks],
        }
        if self.too_large:
            data["too_large"] = True
        return data


@dataclass
class Diff:
    files: list[FileDiff] = field(default_factory=list)

    def file(self, path: str) -> FileDiff | None:
        for file_diff in self.files:
            if file_diff.new_path == path or (
                file_diff.new_path is None and file_diff.old_path == path
            ):
                return file_diff
        return None

    @property
    def added_line_count(self) -> int:
        return sum(len(f.added_lines()) for f in self.files)

    @property
    def removed_line_count(self) -> int:
        return sum(
            1
            for f in self.files
            for h in f.hunks
            for line in h.lines
            if line.kind is LineKind.REMOVED
        )

    def to_json(self) -> dict[str, object]:
        return {"files": [f.to_json() for f in self.files]}


def iter_added(diff: Diff) -> Iterator[tuple[FileDiff, DiffLine]]:
    """Every added line of every file, in order."""
    for file_diff in diff.files:
        for hunk in file_diff.hunks:
            for line in hunk.lines:
                if line.kind is LineKind.ADDED:
                    yield file_diff, line
