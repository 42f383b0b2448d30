"""The unified-diff parser against golden files made by real `git diff` runs
(data/diffs/*.diff → *.json), plus hand-checked facts about each kind of change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewbot.review.diff import FileStatus, LineKind
from reviewbot.review.diff_parser import DiffParseError, parse_diff

DATA = Path(__file__).parent / "data" / "diffs"
GOLDEN = sorted(DATA.glob("*.diff"))


def as_golden(data: bytes) -> dict[str, object]:
    diff = parse_diff(data)
    return {
        "files": [
            {
                **f.to_json(),
                "added_lines": sorted(f.added_lines()),
                "commentable_lines": sorted(f.commentable_lines()),
            }
            for f in diff.files
        ]
    }


@pytest.mark.parametrize("diff_path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden(diff_path: Path) -> None:
    expected = json.loads(diff_path.with_suffix(".json").read_text(encoding="utf-8"))
    assert as_golden(diff_path.read_bytes()) == expected


def one(name: str):
    [file_diff] = parse_diff((DATA / name).read_bytes()).files
    return file_diff


def test_modified_file_line_numbers() -> None:
    f = one("modified.diff")
    assert (f.old_path, f.new_path, f.status) == ("keep.py", "keep.py", FileStatus.MODIFIED)
    assert f.added_lines() == {2, 7, 8, 9, 10}
    assert f.commentable_lines() == set(range(1, 11))
    added = {
        line.new_lineno: line.text
        for h in f.hunks
        for line in h.lines
        if line.kind is LineKind.ADDED
    }
    assert added[2] == "    return 10" and added[9] == "def c():"


def test_rename_with_edit() -> None:
    f = one("rename.diff")
    assert (f.old_path, f.new_path, f.status, f.similarity) == (
        "moved.txt",
        "renamed.txt",
        FileStatus.RENAMED,
        94,
    )
    assert f.added_lines() == {15}
    assert f.commentable_lines() == set(range(12, 19))


def test_added_and_deleted() -> None:
    deleted, added = parse_diff((DATA / "added_deleted.diff").read_bytes()).files
    assert (deleted.status, deleted.new_path, deleted.path) == (
        FileStatus.DELETED,
        None,
        "gone.txt",
    )
    assert deleted.added_lines() == set() and deleted.commentable_lines() == set()
    assert (added.status, added.old_path, added.added_lines()) == (FileStatus.ADDED, None, {1})


def test_binary_and_binary_patch_have_no_lines() -> None:
    for name in ("binary.diff", "binary_patch.diff"):
        f = one(name)
        assert f.is_binary and f.hunks == [] and f.path == "blob.bin"


def test_copy_and_mode_change() -> None:
    copy = one("copy.diff")
    assert (copy.status, copy.old_path, copy.new_path, copy.similarity) == (
        FileStatus.COPIED,
        "keep.py",
        "keep_copy.py",
        100,
    )
    mode = one("mode_change.diff")
    assert mode.mode_changed and (mode.old_mode, mode.new_mode) == ("100644", "100755")
    assert mode.hunks == []


def test_no_newline_marker_belongs_to_the_old_line() -> None:
    f = one("no_newline.diff")
    [hunk] = f.hunks
    assert [(line.kind, line.no_newline) for line in hunk.lines] == [
        (LineKind.REMOVED, True),
        (LineKind.ADDED, False),
        (LineKind.ADDED, False),
    ]


def test_crlf_content_is_stripped_of_carriage_returns() -> None:
    f = one("crlf.diff")
    assert f.added_lines() == {2}
    assert [line.text for line in f.hunks[0].lines] == ["one", "two", "TWO", "three"]


def test_whole_diff_with_crlf_line_endings() -> None:
    text = (DATA / "modified.diff").read_text(encoding="utf-8").replace("\n", "\r\n")
    [f] = parse_diff(text).files
    assert f.path == "keep.py" and f.added_lines() == {2, 7, 8, 9, 10}


def test_unicode_quoted_and_spaced_paths() -> None:
    assert one("quoted_path.diff").path == "résumé.txt"
    assert one("space_in_path.diff").path == "with space.py"
    uni = one("unicode.diff")
    assert [line.text for line in uni.hunks[0].lines if line.kind is LineKind.ADDED] == [
        "café = 2",
        'naïve = "✓"',
    ]


def test_non_utf8_bytes_are_replaced_not_fatal() -> None:
    f = one("non_utf8.diff")
    assert "\ufffd" in f.hunks[0].lines[0].text and f.added_lines() == {2}


def test_removed_line_starting_with_dashes_is_not_a_header() -> None:
    f = one("dash_lines.diff")
    kinds = [(line.kind, line.text) for line in f.hunks[0].lines]
    assert kinds[0] == (LineKind.REMOVED, "-- header")
    assert kinds[2] == (LineKind.ADDED, "++ header")


def test_plain_unified_diff_without_git_header() -> None:
    f = one("plain_unified.diff")
    assert (f.old_path, f.new_path, f.added_lines()) == ("old/plain.txt", "new/plain.txt", {2, 3})


def test_whole_change_lists_every_file_in_order() -> None:
    diff = parse_diff((DATA / "whole_change.diff").read_bytes())
    assert [f.path for f in diff.files] == [
        "blob.bin",
        "crlf.txt",
        "gone.txt",
        "keep.py",
        "latin1.txt",
        "new.txt",
        "nonl.txt",
        "renamed.txt",
        "run.sh",
        "unicode.py",
        "with space.py",
    ]


def test_empty_and_garbage_input() -> None:
    assert parse_diff("").files == []
    assert parse_diff(b"\n\n").files == []
    with pytest.raises(DiffParseError):
        parse_diff("this is not a diff\n")
    with pytest.raises(DiffParseError):
        parse_diff(bytes(range(256)) * 10)


def test_truncated_hunk_keeps_what_was_read() -> None:
    text = "--- a/x.py\n+++ b/x.py\n@@ -1,3 +1,5 @@\n a\n+b\n"
    [f] = parse_diff(text).files
    assert f.added_lines() == {2}


def test_reconstruct_new_content() -> None:
    added = parse_diff((DATA / "added_deleted.diff").read_bytes()).files[1]
    assert added.reconstruct_new_content() == ("brand new\n", True)
    text, complete = one("rename.diff").reconstruct_new_content()
    lines = text.split("\n")
    assert not complete and lines[14] == "line fifteen" and lines[0] == ""


def test_format_patch_headers_and_signature_are_ignored() -> None:
    body = (DATA / "modified.diff").read_text(encoding="utf-8")
    patch = (
        "From 1234abcd Mon Sep 17 00:00:00 2001\nFrom: Dev <dev@example.com>\n"
        "Subject: [PATCH] change\n\n---\n keep.py | 6 +++++-\n 1 file changed\n\n"
        + body
        + "-- \n2.39.5\n\n"
    )
    [f] = parse_diff(patch).files
    assert f.path == "keep.py" and f.added_lines() == {2, 7, 8, 9, 10}
