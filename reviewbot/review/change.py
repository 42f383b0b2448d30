"""A change as a pull request shows it: the parsed diff plus the new-side text of the
changed files, and where it comes from (a `ChangeSource`): `reviewbot.review.git` for a
real repository (merge-base(base, head)..head), `DiffChangeSource` here for a plain
unified diff (no history; file text from the working tree when it matches the diff, else
rebuilt from the hunks).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from reviewbot.review.config import CONFIG_FILES
from reviewbot.review.diff import Diff, FileDiff, FileStatus
from reviewbot.review.diff_parser import parse_diff

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
            for name in CONFIG_FILES:
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
