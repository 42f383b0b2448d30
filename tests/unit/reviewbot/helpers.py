"""Shared helpers for the reviewbot unit tests: run one analyzer over source text as if the
whole file were added by a change."""

from __future__ import annotations

import textwrap

from reviewbot.review.change import Change
from reviewbot.review.diff_parser import parse_diff
from reviewbot.review.findings import Finding


def added_file_diff(path: str, content: str) -> str:
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body = "".join(f"+{line}\n" for line in lines)
    return (
        f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n"
        f"@@ -0,0 +1,{len(lines)} @@\n{body}"
    )


def change_with(files: dict[str, str]) -> Change:
    """A Change that adds each file whole (content is dedented)."""
    texts = {path: textwrap.dedent(content) for path, content in files.items()}
    diff = parse_diff("".join(added_file_diff(p, c) for p, c in texts.items()))
    return Change(diff=diff, contents=texts, complete=set(texts))


def summarize(findings: list[Finding]) -> list[tuple[str, int | None, str]]:
    return sorted((f.rule, f.line, str(f.severity)) for f in findings)
