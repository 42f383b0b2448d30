"""Parse a unified diff (git's format and plain `diff -u`) into the `Diff` model.

No I/O and no gitpython here: `parse_diff` takes the diff's text (or bytes, decoded as UTF-8
with replacement so that non-UTF-8 content never crashes) and returns a `Diff`. Hunk bodies
are read by their line counts, so a removed line that starts with `-- ` is never mistaken for
a file header.
"""

from __future__ import annotations

import re

from reviewbot.review.diff import Diff, DiffLine, FileDiff, FileStatus, Hunk, LineKind


class DiffParseError(ValueError):
    """The input is not a unified diff we can read."""


# One file's diff beyond this many lines (a generated or vendored file) is counted but not
# kept: reviewing it line by line helps nobody, and keeping it costs seconds per 50 MB.
MAX_FILE_DIFF_LINES = 50_000

_HUNK_HEADER = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$")
_C_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def _unquote(text: str) -> str:
    """Undo git's C-style quoting of a path ("a/caf\\303\\251.py" → a/café.py)."""
    if not (len(text) >= 2 and text[0] == '"' and text[-1] == '"'):
        return text
    body = text[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if re.fullmatch(r"[0-7]{3}", body[i + 1 : i + 4]):
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            if nxt in _C_ESCAPES:
                out.append(_C_ESCAPES[nxt])
                i += 2
                continue
        out.extend(char.encode("utf-8"))
        i += 1
    return out.decode("utf-8", errors="replace")


def _strip_prefix(path: str, prefix: str) -> str:
    return path[len(prefix) :] if path.startswith(prefix) else path


def _header_path(raw: str) -> str | None:
    """The path of a `--- ` / `+++ ` line, without a/ b/ prefixes or a trailing timestamp."""
    raw = raw.rstrip("\r")
    if raw.startswith('"'):
        end = _closing_quote(raw)
        path = _unquote(raw[: end + 1])
    else:
        path = raw.split("\t", 1)[0]
        if "\t" not in raw:
            path = path.rstrip()
    if path == "/dev/null":
        return None
    return path


def _closing_quote(text: str) -> int:
    i = 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i
        i += 1
    return len(text) - 1


def _split_git_header(rest: str) -> tuple[str | None, str | None]:
    """Paths from `diff --git a/X b/Y`; exact for quoted paths and for X == Y with spaces."""
    rest = rest.rstrip("\r")
    if rest.startswith('"'):
        end = _closing_quote(rest)
        old = _unquote(rest[: end + 1])
        new_raw = rest[end + 1 :].strip()
        new = _unquote(new_raw)
        return old, new
    if rest.endswith('"'):
        start = rest.rfind(' "')
        return rest[:start], _unquote(rest[start + 1 :])
    if len(rest) % 2 == 1:
        half = len(rest) // 2
        old, new = rest[:half], rest[half + 1 :]
        if old[2:] == new[2:] and rest[half] == " ":
            return old, new
    parts = rest.split(" b/", 1)
    if len(parts) == 2:
        return parts[0], "b/" + parts[1]
    return None, None


def _decode(data: str | bytes) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return data


def parse_diff(data: str | bytes) -> Diff:
    """Parse a unified diff. An empty input gives an empty Diff; text that contains no
    file headers at all raises DiffParseError."""
    text = _decode(data)
    if not text.strip():
        return Diff()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    parser = _Parser(lines)
    diff = parser.parse()
    if not diff.files and parser.saw_content:
        raise DiffParseError("no file headers found: expected a unified diff (`git diff` output)")
    return diff


class _Parser:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.i = 0
        self.saw_content = False

    def parse(self) -> Diff:
        diff = Diff()
        while self.i < len(self.lines):
            line = self.lines[self.i].rstrip("\r")
            if line.startswith("diff --git "):
                diff.files.append(self._git_file(line[len("diff --git ") :]))
            elif line.startswith("--- ") and self._peek(1).startswith("+++ "):
                diff.files.append(self._plain_file())
            else:
                if line.strip():
                    self.saw_content = True
                self.i += 1
        return diff

    def _peek(self, offset: int) -> str:
        j = self.i + offset
        return self.lines[j].rstrip("\r") if j < len(self.lines) else ""

    def _git_file(self, rest: str) -> FileDiff:
        old_raw, new_raw = _split_git_header(rest)
        file_diff = FileDiff(
            old_path=_strip_prefix(old_raw, "a/") if old_raw else None,
            new_path=_strip_prefix(new_raw, "b/") if new_raw else None,
        )
        self.i += 1
        while self.i < len(self.lines):
            line = self.lines[self.i].rstrip("\r")
            if line.startswith("diff --git ") or line.startswith("@@ "):
                break
            if line.startswith("--- ") and self._peek(1).startswith("+++ "):
                old = _header_path(line[4:])
                new = _header_path(self._peek(1)[4:])
                file_diff.old_path = _strip_prefix(old, "a/") if old else None
                file_diff.new_path = _strip_prefix(new, "b/") if new else None
                self.i += 2
                break
            self._extended_header(file_diff, line)
            self.i += 1
        if file_diff.status is FileStatus.ADDED:
            file_diff.old_path = None
        elif file_diff.status is FileStatus.DELETED:
            file_diff.new_path = None
        elif file_diff.old_path is None and file_diff.new_path is not None:
            file_diff.status = FileStatus.ADDED
        elif file_diff.new_path is None and file_diff.old_path is not None:
            file_diff.status = FileStatus.DELETED
        self._hunks(file_diff)
        return file_diff

    def _extended_header(self, file_diff: FileDiff, line: str) -> None:
        if line.startswith("new file mode "):
            file_diff.status = FileStatus.ADDED
            file_diff.new_mode = line.split()[-1]
        elif line.startswith("deleted file mode "):
            file_diff.status = FileStatus.DELETED
            file_diff.old_mode = line.split()[-1]
        elif line.startswith("old mode "):
            file_diff.old_mode = line.split()[-1]
        elif line.startswith("new mode "):
            file_diff.new_mode = line.split()[-1]
        elif line.startswith("rename from "):
            file_diff.status = FileStatus.RENAMED
            file_diff.old_path = _unquote(line[len("rename from ") :])
        elif line.startswith("rename to "):
            file_diff.status = FileStatus.RENAMED
            file_diff.new_path = _unquote(line[len("rename to ") :])
        elif line.startswith("copy from "):
            file_diff.status = FileStatus.COPIED
            file_diff.old_path = _unquote(line[len("copy from ") :])
        elif line.startswith("copy to "):
            file_diff.status = FileStatus.COPIED
            file_diff.new_path = _unquote(line[len("copy to ") :])
        elif line.startswith(("similarity index ", "dissimilarity index ")):
            digits = line.split()[-1].rstrip("%")
            if digits.isdigit():
                file_diff.similarity = int(digits)
        elif line.startswith("index "):
            parts = line.split()
            if len(parts) == 3 and file_diff.old_mode is None:
                file_diff.old_mode = file_diff.new_mode = parts[2]
        elif line.startswith("Binary files ") or line == "GIT binary patch":
            file_diff.is_binary = True

    def _plain_file(self) -> FileDiff:
        old = _header_path(self.lines[self.i].rstrip("\r")[4:])
        new = _header_path(self._peek(1)[4:])
        if old and new and old.startswith("a/") and new.startswith("b/"):
            old, new = old[2:], new[2:]
        status = FileStatus.MODIFIED
        if old is None:
            status = FileStatus.ADDED
        elif new is None:
            status = FileStatus.DELETED
        file_diff = FileDiff(old_path=old, new_path=new, status=status)
        self.i += 2
        self._hunks(file_diff)
        return file_diff

    def _hunks(self, file_diff: FileDiff) -> None:
        kept = 0
        while self.i < len(self.lines):
            line = self.lines[self.i].rstrip("\r")
            match = _HUNK_HEADER.match(line)
            if match:
                self.i += 1
                declared = int(match.group(2) or 1) + int(match.group(4) or 1)
                if file_diff.too_large or kept + declared > MAX_FILE_DIFF_LINES:
                    file_diff.too_large = True
                    file_diff.hunks = []
                    self._skip_hunk(match)
                    continue
                hunk = self._hunk(match)
                kept += len(hunk.lines)
                file_diff.hunks.append(hunk)
            elif line.startswith("Binary files ") or line == "GIT binary patch":
                file_diff.is_binary = True
                self.i += 1
            elif line.startswith("diff --git ") or (
                line.startswith("--- ") and self._peek(1).startswith("+++ ")
            ):
                return
            else:
                self.i += 1  # binary patch payload, trailing garbage, "-- " signature ...

    def _hunk(self, match: re.Match[str]) -> Hunk:
        old_start, new_start = int(match.group(1)), int(match.group(3))
        old_count = int(match.group(2)) if match.group(2) is not None else 1
        new_count = int(match.group(4)) if match.group(4) is not None else 1
        hunk = Hunk(old_start, old_count, new_start, new_count, match.group(5).strip())
        old_no = old_start if old_count else old_start + 1
        new_no = new_start if new_count else new_start + 1
        old_left, new_left = old_count, new_count
        while self.i < len(self.lines) and (old_left > 0 or new_left > 0):
            raw = self.lines[self.i]
            if raw.startswith("\\"):
                self._mark_no_newline(hunk)
                self.i += 1
                continue
            marker, body = (raw[:1], raw[1:]) if raw else (" ", "")
            body = body[:-1] if body.endswith("\r") else body
            if marker == "+" and new_left > 0:
                hunk.lines.append(DiffLine(LineKind.ADDED, body, None, new_no))
                new_no += 1
                new_left -= 1
            elif marker == "-" and old_left > 0:
                hunk.lines.append(DiffLine(LineKind.REMOVED, body, old_no, None))
                old_no += 1
                old_left -= 1
            elif marker == " " and old_left > 0 and new_left > 0:
                hunk.lines.append(DiffLine(LineKind.CONTEXT, body, old_no, new_no))
                old_no += 1
                new_no += 1
                old_left -= 1
                new_left -= 1
            else:
                break  # a truncated or malformed hunk: keep what was read
            self.i += 1
        while self.i < len(self.lines) and self.lines[self.i].startswith("\\"):
            self._mark_no_newline(hunk)
            self.i += 1
        return hunk

    def _skip_hunk(self, match: re.Match[str]) -> None:
        """Consume a hunk by its counts without building lines."""
        old_left = int(match.group(2)) if match.group(2) is not None else 1
        new_left = int(match.group(4)) if match.group(4) is not None else 1
        lines = self.lines
        while self.i < len(lines) and (old_left > 0 or new_left > 0):
            marker = lines[self.i][:1]
            if marker == "+":
                new_left -= 1
            elif marker == "-":
                old_left -= 1
            elif marker in (" ", ""):
                old_left -= 1
                new_left -= 1
            elif marker != "\\":
                break
            self.i += 1
        while self.i < len(lines) and lines[self.i].startswith("\\"):
            self.i += 1

    @staticmethod
    def _mark_no_newline(hunk: Hunk) -> None:
        if hunk.lines:
            last = hunk.lines[-1]
            hunk.lines[-1] = DiffLine(
                last.kind, last.text, last.old_lineno, last.new_lineno, no_newline=True
            )
