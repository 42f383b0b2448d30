"""Precision and recall of each detector on its own labelled cases, for the report:

    python -m tests.unit.reviewbot.precision
    python -m tests.unit.reviewbot.precision --corpus DIR...   # counts on real code

A found (rule, line) that a case does not list counts as a false positive, a listed one
that is not found as a false negative. The unit tests assert every case exactly, so a
green test run means this table shows no misses; it is printed to keep the counts honest
as cases are added."""

from __future__ import annotations

import ast
import textwrap
from collections import Counter

from reviewbot.analyzers.python.analyzer import check_file
from reviewbot.analyzers.secrets import SecretsAnalyzer
from tests.unit.reviewbot.detector_cases import CASES
from tests.unit.reviewbot.test_secrets import NEGATIVE, POSITIVE


def score() -> dict[str, Counter[str]]:
    table: dict[str, Counter[str]] = {}
    for _, rule, source, lines in CASES:
        source = textwrap.dedent(source)
        found = Counter(
            f.line for f in check_file("m.py", source, ast.parse(source)) if f.rule == rule
        )
        expected = Counter(lines)
        row = table.setdefault(rule, Counter())
        row["tp"] += sum((found & expected).values())
        row["fp"] += sum((found - expected).values())
        row["fn"] += sum((expected - found).values())
        row["cases"] += 1
    labelled = [(p, t, e) for _, p, t, e in POSITIVE] + [(p, t, []) for _, p, t in NEGATIVE]
    for path, text, expected_pairs in labelled:
        found = Counter((f.rule, f.line) for f in SecretsAnalyzer().scan(path, text.split("\n")))
        expected = Counter(expected_pairs)
        for rule in {r for r, _ in found} | {r for r, _ in expected}:
            row = table.setdefault(rule, Counter())
            mine = Counter({k: v for k, v in found.items() if k[0] == rule})
            theirs = Counter({k: v for k, v in expected.items() if k[0] == rule})
            row["tp"] += sum((mine & theirs).values())
            row["fp"] += sum((mine - theirs).values())
            row["fn"] += sum((theirs - mine).values())
        table.setdefault("secrets (all rules)", Counter())["cases"] += 1
    return table


def corpus(paths: list[str]) -> None:
    """Findings per rule over real code (every line counted as added), to sample by hand."""
    from pathlib import Path

    counts: Counter[str] = Counter()
    files = lines = 0
    for root in paths:
        for path in sorted(Path(root).rglob("*.py")):
            text = path.read_text(encoding="utf-8", errors="replace")
            files += 1
            lines += text.count("\n")
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError):
                continue
            found = check_file(str(path), text, tree)
            found += list(SecretsAnalyzer().scan(str(path), text.split("\n")))
            counts.update(f.rule for f in found)
    print(f"{files} files, {lines} lines")
    for rule, count in counts.most_common():
        print(f"{count:>6}  {rule}")


def main() -> None:
    import sys

    if sys.argv[1:2] == ["--corpus"]:
        corpus(sys.argv[2:])
        return
    table = score()
    print(f"{'rule':<36} {'cases':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}")
    for rule, row in sorted(table.items()):
        found = row["tp"] + row["fp"]
        precision = f"{row['tp'] / found:.0%}" if found else "-"
        recall = f"{row['tp'] / (row['tp'] + row['fn']):.0%}" if row["tp"] + row["fn"] else "-"
        cases = row["cases"] or ""
        print(
            f"{rule:<36} {cases:>5} {row['tp']:>4} {row['fp']:>4} {row['fn']:>4} "
            f"{precision:>9} {recall:>7}"
        )


if __name__ == "__main__":
    main()
