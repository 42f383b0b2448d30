"""Property tests (hypothesis) over the unified-diff parser: every input, however garbled,
ends in a parsed `Diff` (whose files can be walked and rebuilt) or a named error
(`DiffParseError` from the parser, `InputError` from the `--diff` loader), never another
exception.

CI runs FUZZ_EXAMPLES examples per property (default 200); fuzz longer by hand with e.g.
`REVIEWBOT_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/unit/reviewbot/test_fuzz_diff.py`
(see docs/reviewbot.md). Inputs found that way are kept below as explicit examples.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reviewbot.review.change import DiffChangeSource, InputError
from reviewbot.review.diff import Diff
from reviewbot.review.diff_parser import DiffParseError, parse_diff

FUZZ_EXAMPLES = int(os.environ.get("REVIEWBOT_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])  # fmt: skip

PATHS = st.sampled_from([
    "a/x.py", "b/x.py", '"a/a\\nb.py"', '"b/a\\nb.py"', '"a/caf\\303\\251.py"', '"b/\\377"',
    '"a/unterminated', '"', '""', "/dev/null", "a/ lead.py", "b/x b/y.py", "a/\\", "\t",
    '"a/\\q\\"\\', "b/\u00e9\u200b.py", "",
])  # fmt: skip
NUMBERS = st.one_of(st.integers(0, 5), st.integers(0, 10**30).map(str), st.just(""))
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@st.composite
def diff_lines(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 14))
    if kind == 0:
        return f"diff --git {draw(PATHS)} {draw(PATHS)}"
    if kind == 1:
        stamp = draw(st.sampled_from(["", "\t2024-01-01", " "]))
        return f"--- {draw(PATHS)}{stamp}"
    if kind == 2:
        return f"+++ {draw(PATHS)}"
    if kind == 3:
        old, old_n, new, new_n = (draw(NUMBERS) for _ in range(4))
        return f"@@ -{old},{old_n} +{new},{new_n} @@{draw(TEXT)}"
    if kind == 4:
        return f"@@ -{draw(NUMBERS)} +{draw(NUMBERS)} @@"
    if kind in (5, 6, 7):
        return draw(st.sampled_from(["+", "-", " ", "\\"])) + draw(TEXT)
    if kind == 8:
        return draw(st.sampled_from(["rename from ", "rename to ", "copy from ", "copy to "])) + (
            draw(PATHS))
    if kind == 9:
        return draw(st.sampled_from([
            "new file mode 100644", "deleted file mode 100755", "old mode", "new mode 120000",
            "similarity index 9x%", "similarity index 100%", "dissimilarity index %",
            "index 0000000..1111111 100644", "index", "Binary files a/x and b/x differ",
            "GIT binary patch", "literal 0", "\\ No newline at end of file", "-- ", "--- ",
            "+++ ", "@@ @@", "diff --git ", "diff --git a", "\r",
        ]))  # fmt: skip
    return draw(TEXT)


DIFFS = st.lists(diff_lines(), max_size=40).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n"]).map(lambda eol: eol.join(lines))
)


def check_parsed(diff: Diff) -> None:
    """Everything the review does with a parsed diff must work on it."""
    json.dumps(diff.to_json())
    for file_diff in diff.files:
        assert isinstance(file_diff.path, str)
        file_diff.added_lines()
        file_diff.commentable_lines()
        file_diff.new_side_lines()
        file_diff.reconstruct_new_content()


# Inputs hypothesis found (or that broke earlier parsers), kept as explicit regressions.
FOUND = [
    b'diff --git "a/a\\nb.py" "b/a\\nb.py"\nnew file mode 100644\n--- /dev/null\n'
    b'+++ "b/a\\nb.py"\n@@ -0,0 +1 @@\n+import os\n',
    b'diff --git "a/unterminated b/x\n',
    b'--- "\n+++ "\n@@ -1 +1 @@\n',
    b"@@ -1,99999999999999999999999 +1 @@\n--- a\n+++ b\n",
    b"--- a\n+++ b\n@@ -0,0 +0,0 @@\n",
    b"--- a/\xff\xfe\n+++ b/\xff\n@@ -1 +1 @@\n-\x00\n+\x00\n",
    b"diff --git a/x b/x\nrename from\nrename to\n",
    b"diff --git \nsimilarity index 9x%\n",
    b"--- a\r\n+++ b\r\n@@ -1,2 +1,2 @@\r\n-x\r\n\\\r\n",
    # found: rebuilding the new side allocated one blank line per claimed line number (OOM)
    b"--- a\n+++ b\n@@ -1 +99999999999999999999 @@\n+x\n",
]


@FUZZ
@given(DIFFS)
@example("\n".join(["--- a/x", "+++ b/x", "@@ -1,1 +1,1 @@", "\\ no newline", "-a", "+b"]))
def test_garbled_diffs_parse_or_fail_with_a_named_error(text: str) -> None:
    try:
        diff = parse_diff(text)
    except DiffParseError:
        return
    check_parsed(diff)


@FUZZ
@given(st.one_of(st.binary(max_size=400), DIFFS.map(lambda t: t.encode("utf-8"))))
def test_any_bytes_load_as_a_change_or_an_input_error(data: bytes) -> None:
    try:
        change = DiffChangeSource(data).load()
    except InputError:
        return
    check_parsed(change.diff)


def test_found_cases_stay_fixed() -> None:
    for data in FOUND:
        try:
            change = DiffChangeSource(data).load()
        except InputError:
            continue
        check_parsed(change.diff)


def test_a_hunk_far_past_any_real_file_is_counted_not_rebuilt() -> None:
    [file_diff] = parse_diff(FOUND[-1]).files
    assert file_diff.too_large and file_diff.hunks == []


def test_a_c_quoted_newline_path_is_unquoted() -> None:
    diff = parse_diff(FOUND[0])
    [file_diff] = diff.files
    assert file_diff.path == "a\nb.py" and file_diff.added_lines() == {1}
