"""Every Python detector against its labelled positive and negative cases."""

from __future__ import annotations

import ast
import textwrap

import pytest

from reviewbot.analyzers.python.analyzer import PythonAnalyzer, check_file
from reviewbot.analyzers.rules import RULES
from tests.detectors.harness import load_corpus
from tests.unit.reviewbot.detector_cases import CASES
from tests.unit.reviewbot.helpers import change_with


def run_checker(source: str) -> list[tuple[str, int]]:
    source = textwrap.dedent(source)
    findings = check_file("mod.py", source, ast.parse(source))
    return sorted((f.rule, f.line or 0) for f in findings)


@pytest.mark.parametrize(
    ("rule", "source", "lines"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_detector_case(rule: str, source: str, lines: list[int]) -> None:
    found = [line for found_rule, line in run_checker(source) if found_rule == rule]
    assert found == sorted(lines)


def test_every_python_rule_has_positive_and_negative_cases() -> None:
    python_rules = {rule for rule in RULES if rule.startswith(("python/", "aws/"))}
    # the second round of rule packs is pinned by corpus cases naming their rule
    # (tests/detectors/test_rules.py checks those cases rule by rule)
    corpus = [case for case in load_corpus() if case.rule is not None]
    positive = {rule for _, rule, _, lines in CASES if lines}
    positive |= {case.rule for case in corpus if case.label == "bad"}
    negative = {rule for _, rule, _, lines in CASES if not lines}
    negative |= {case.rule for case in corpus if case.label == "good"}
    assert python_rules <= positive
    assert python_rules <= negative


def test_severity_depends_on_context() -> None:
    source = textwrap.dedent(
        """
        import hashlib
        def f(password, data, bucket=[], other=[]):
            bucket.append(1)
            return hashlib.md5(password).digest(), hashlib.md5(data).digest(), other
        """
    )
    findings = check_file("m.py", source, ast.parse(source))
    by_key = {(f.rule, f.line, f.message[:20]): str(f.severity) for f in findings}
    weak = sorted(str(f.severity) for f in findings if f.rule == "python/weak-hash")
    defaults = sorted(
        str(f.severity)
        for f in findings
        if f.rule == "python/mutable-default-argument" and f.line == 3  # the def line
    )
    assert weak == ["high", "high"] or weak == ["high", "low"], by_key
    assert defaults == ["low", "medium"]


def test_unparsable_file_is_a_note_not_a_crash() -> None:
    change = change_with({"broken.py": "def f(:\n    pass\n", "ok.py": "import os\n"})
    assert list(PythonAnalyzer().analyze(change)) == []
    assert any("broken.py" in note and "does not parse" in note for note in change.notes)


def test_findings_carry_cwe_fix_and_path() -> None:
    change = change_with(
        {"pkg/db.py": "def f(c, n):\n    c.execute(f'SELECT * FROM t WHERE a={n}')\n"}
    )
    [finding] = PythonAnalyzer().analyze(change)
    assert (finding.path, finding.line, finding.cwe) == ("pkg/db.py", 2, 89)
    assert finding.fix and "parameters" in finding.fix
    assert str(finding.category) == "security"


def test_long_query_building_chains_stay_fast_and_are_found() -> None:
    # each `q = q + …` refers to q again: expanding names naively is exponential
    body = "".join(f"    q = q + ' AND c{i} = ' + str(args[{i}])\n" for i in range(60))
    source = f"def f(cur, args):\n    q = 'SELECT * FROM t WHERE 1=1'\n{body}    cur.execute(q)\n"
    source += "\n\ndef g(a, b):\n    a = b\n    b = a\n    return eval(a)\n"
    assert run_checker(source) == [("python/code-injection", 69), ("python/sql-injection", 63)]


def test_pathologically_nested_code_is_a_note() -> None:
    deep = "x = " + " + ".join(f"a{i}" for i in range(5000)) + "\n"
    change = change_with({"gen.py": deep, "ok.py": "def f(c):\n    return eval(c)\n"})
    found = [(f.path, f.rule) for f in PythonAnalyzer().analyze(change)]
    assert found == [("ok.py", "python/code-injection")]
    assert any(n.startswith("python checks skipped for gen.py") for n in change.notes)


def test_security_patterns_normal_in_tests_are_not_reported_there() -> None:
    code = (
        "import pickle\n\ndef test_roundtrip(x):\n    assert pickle.loads(pickle.dumps(x)) == x\n"
    )
    code += "\n\ndef test_bad(items=[]):\n    breakpoint()\n"
    change = change_with({"tests/test_codec.py": code, "app/codec.py": code})
    found = sorted((f.path, f.line, f.rule) for f in PythonAnalyzer().analyze(change))
    assert found == [
        ("app/codec.py", 4, "python/insecure-deserialization"),
        ("app/codec.py", 7, "python/mutable-default-argument"),
        ("app/codec.py", 8, "python/debug-leftover"),
        ("tests/test_codec.py", 7, "python/mutable-default-argument"),
        ("tests/test_codec.py", 8, "python/debug-leftover"),
    ]
