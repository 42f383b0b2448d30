"""Each corpus case written for one rule (`# rule:` header) checks that rule alone: a bad
case is flagged by it on an `# expect` line, its good twin is never flagged by it. The
corpus benchmark scores any finding; this pins each finding to the rule meant to make it.
Every rule of the rule packs has at least one case of each kind here or in the unit cases
(tests/unit/reviewbot/detector_cases*.py)."""

from __future__ import annotations

import ast

import pytest

from reviewbot.analyzers.python.analyzer import check_file
from reviewbot.analyzers.rules import RULES
from reviewbot.analyzers.secrets import SecretsAnalyzer
from tests.detectors.harness import REVIEW_PREFIX, Case, load_corpus
from tests.unit.reviewbot.detector_cases import CASES

RULE_CASES = [case for case in load_corpus() if case.rule is not None]


def _findings(case: Case) -> list[tuple[str, int, int]]:
    path = f"{REVIEW_PREFIX}/{case.family}/{case.path.name}"
    found = check_file(path, case.source, ast.parse(case.source))
    found += SecretsAnalyzer().scan(path, case.source.split("\n"))
    return [(f.rule, f.line or 0, f.end_line or f.line or 0) for f in found]


@pytest.mark.parametrize("case", RULE_CASES, ids=[case.name for case in RULE_CASES])
def test_case_is_judged_by_its_rule(case: Case) -> None:
    assert case.rule in RULES, f"{case.name} names an unknown rule {case.rule!r}"
    spans = [(start, end) for rule, start, end in _findings(case) if rule == case.rule]
    if case.label == "bad":
        assert any(start <= line <= end for line in case.expect for start, end in spans), (
            f"{case.rule} did not flag an expect line of {case.name}: {_findings(case)}"
        )
    else:
        assert not spans, f"{case.rule} flagged the safe twin {case.name} at {spans}"


def test_every_rule_pack_rule_has_a_bad_and_a_good_case() -> None:
    packs = {r for r in RULES if r.startswith(("python/", "aws/", "ml/", "secrets/"))}
    bad = {c.rule for c in RULE_CASES if c.label == "bad"} | {r for _, r, _, ls in CASES if ls}
    good = {c.rule for c in RULE_CASES if c.label == "good"} | {
        r for _, r, _, ls in CASES if not ls
    }
    assert not packs - bad, f"no bad case for {sorted(packs - bad)}"
    assert not packs - good, f"no good case for {sorted(packs - good)}"
