"""Recall and false-alarm rate of reviewbot, bandit and ruff's S rules on the labelled
detector corpus (tests/detectors/corpus), per family and overall.

    python -m benchmarks.detectors [--tool reviewbot --tool bandit ...] [--details]

Scoring is in tests/detectors/harness.py: a bad file counts as found when a finding covers
one of its `# expect` lines; a good file is a false alarm when any finding lands in it.
Issue 11's goal: recall at least 50 % with at most 10 % false alarms.
"""

from __future__ import annotations

import argparse
import time

from tests.detectors.harness import TOOLS, FamilyScore, load_corpus, overall, score


def _cell(result: FamilyScore | None) -> str:
    if result is None:
        return f"{'-':>16}"
    return f"{result.recall:7.0%} / {result.false_alarm_rate:4.0%} "


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--tool", action="append", choices=list(TOOLS), help="(repeatable)")
    parser.add_argument("--details", action="store_true", help="list misses and false alarms")
    args = parser.parse_args(argv)
    tools = args.tool or list(TOOLS)

    cases = load_corpus()
    results: dict[str, dict[str, FamilyScore]] = {}
    for tool in tools:
        started = time.perf_counter()
        results[tool] = score(cases, TOOLS[tool](cases))
        print(f"{tool}: {time.perf_counter() - started:.1f} s for {len(cases)} files")

    families = sorted({case.family for case in cases})
    print(f"\nrecall / false-alarm rate per family ({len(cases)} files)")
    print(f"{'family':22}{'bad':>5}{'good':>5}  " + "".join(f"{t:>16}" for t in tools))
    for family in families:
        first = results[tools[0]][family]
        row = f"{family:22}{first.bad:5}{first.good:5}  "
        print(row + "".join(_cell(results[t].get(family)) for t in tools))
    totals = {tool: overall(results[tool]) for tool in tools}
    first = totals[tools[0]]
    print(f"{'OVERALL':22}{first.bad:5}{first.good:5}  " + "".join(_cell(totals[t]) for t in tools))
    if args.details:
        for tool in tools:
            for family in families:
                result = results[tool][family]
                for name in result.missed:
                    print(f"{tool} missed      {name}")
                for name in result.alarms:
                    print(f"{tool} false alarm {name}")


if __name__ == "__main__":
    main()
