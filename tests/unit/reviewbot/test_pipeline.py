"""review(): filtering to changed lines, the critical summary, suppressions, config,
dedupe, fingerprints, the scorer hook and plain-diff change sources."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from reviewbot.analyzers import default_analyzers
from reviewbot.model.risk import Risk
from reviewbot.review.change import Change, DiffChangeSource, InputError
from reviewbot.review.config import ConfigError, ReviewConfig, config_from_texts, parse_config
from reviewbot.review.diff_parser import parse_diff
from reviewbot.review.findings import Category, Finding, Severity
from reviewbot.review.pipeline import review
from reviewbot.review.suppressions import suppressed_rules

BASE = "import os\n\n\ndef keep():\n    return os.getcwd()\n"
KEY = "AKIA" + "Q7XK2LMBZ4RTY6WP"


def modified_change(old: str, new: str, path: str = "app.py") -> Change:
    """A Change for one modified file, with the diff computed by difflib."""
    import difflib

    lines = list(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            f"a/{path}",
            f"b/{path}",
            n=1,
        )
    )
    text = f"diff --git a/{path} b/{path}\n" + "".join(lines)
    return Change(diff=parse_diff(text), contents={path: new}, complete={path})


def run(change: Change, config: ReviewConfig | None = None, scorer=None):
    return review(change, default_analyzers(config), scorer=scorer, config=config)


def test_only_added_lines_inline_and_critical_elsewhere_in_summary() -> None:
    old = f'TOKEN = "{KEY}"\n\n\ndef f(x):\n    return eval(x)\n' + BASE
    new = old + "\n\ndef g(cmd):\n    return eval(cmd)\n"
    result = run(modified_change(old, new))
    assert [(f.rule, f.line) for f in result.inline] == [("python/code-injection", 14)]
    assert [(f.rule, f.line) for f in result.summary] == [("secrets/aws-access-key", 1)]
    assert result.to_json()["summary"]["off_diff"] == [result.summary[0].fingerprint]


def test_inline_suppression_and_config() -> None:
    new = BASE + (
        "\n\ndef g(cmd):\n"
        "    eval(cmd)  # reviewbot: ignore[python/code-injection]\n"
        "    # reviewbot: ignore[python/debug-leftover]\n"
        "    breakpoint()\n"
        "    eval(cmd + '1')  # reviewbot: ignore[python/other-rule]\n"
    )
    result = run(modified_change(BASE, new))
    assert [(f.rule, f.line) for f in result.inline] == [("python/code-injection", 12)]
    assert result.suppressed == 2

    config = ReviewConfig(disabled_rules=frozenset({"python/"}))
    assert run(modified_change(BASE, new), config).inline == []
    config = ReviewConfig(min_severity=Severity.CRITICAL)
    assert run(modified_change(BASE, new), config).inline == []
    config = ReviewConfig(exclude=("*.py",))
    excluded = run(modified_change(BASE, new), config)
    assert excluded.inline == [] and "excluded by config: app.py" in excluded.notes


def test_suppression_comment_syntax() -> None:
    assert suppressed_rules("x = 1  # reviewbot: ignore[a/b, c/d]") == {"a/b", "c/d"}
    assert suppressed_rules("x = 1  # reviewbot: ignore") == {"*"}
    assert suppressed_rules("x = 1  # nothing here") is None


def test_fingerprint_survives_unrelated_edits_and_separates_duplicates() -> None:
    first = BASE + "\n\ndef g(cmd):\n    return eval(cmd)\n"
    moved = "# a comment pushes everything down\n\n" + first
    a = run(modified_change(BASE, first)).inline
    b = run(modified_change(BASE, moved)).inline
    assert a[0].line != b[0].line and a[0].fingerprint == b[0].fingerprint

    twice = BASE + "\n\ndef g(cmd):\n    return eval(cmd)\n\n\ndef h(cmd):\n    return eval(cmd)\n"
    findings = run(modified_change(BASE, twice)).inline
    assert len(findings) == 2 and findings[0].fingerprint != findings[1].fingerprint


class Boom:
    name = "boom"

    def analyze(self, change: Change) -> Iterable[Finding]:
        raise RuntimeError("kaput")


class Twice:
    name = "twice"

    def analyze(self, change: Change) -> Iterable[Finding]:
        for rule in ("own/rule", "bandit/B999"):
            yield Finding(rule, Category.SECURITY, Severity.HIGH, "m", "app.py", 1, cwe=78)


def test_broken_analyzer_becomes_a_note_and_dedupe_by_cwe() -> None:
    change = modified_change("", "x = 1\n")
    result = review(change, [Boom(), Twice()])
    assert "analyzer boom failed: RuntimeError: kaput" in result.notes
    assert [f.rule for f in result.inline] == ["own/rule"]
    # a rule switched off in the config no longer hides another analyzer's duplicate
    config = ReviewConfig(disabled_rules=frozenset({"own/"}))
    assert [f.rule for f in review(change, [Twice()], config=config).inline] == ["bandit/B999"]


class FixedScorer:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []

    def score(self, repo_path: str, base: str, head: str) -> Risk:
        self.calls.append((repo_path, base, head))
        return Risk(0.8, "high", ["many files"], "test-model")


def test_scorer_runs_only_for_git_changes() -> None:
    scorer = FixedScorer()
    plain = modified_change("", "x = 1\n")
    assert run(plain, scorer=scorer).risk is None and scorer.calls == []
    git_change = modified_change("", "x = 1\n")
    git_change.repo_path, git_change.base, git_change.head = "/repo", "b" * 40, "h" * 40
    result = run(git_change, scorer=scorer)
    assert scorer.calls == [("/repo", "b" * 40, "h" * 40)]
    assert result.to_json()["risk"] == Risk(0.8, "high", ["many files"], "test-model").to_json()


def test_gate() -> None:
    result = run(modified_change(BASE, BASE + "\n\ndef g(c):\n    eval(c)\n"))
    assert result.fails(Severity.HIGH) and not result.fails(Severity.CRITICAL)
    assert not result.fails(None)


def test_diff_source_prefers_matching_worktree(tmp_path) -> None:
    (tmp_path / "app.py").write_text("import os\nx = eval(os.environ['A'])\ny = 2\n")
    diff = (
        "--- a/app.py\n+++ b/app.py\n@@ -2,2 +2,2 @@\n-x = 1\n+x = eval(os.environ['A'])\n y = 2\n"
    )
    change = DiffChangeSource(diff, root=tmp_path).load()
    assert "app.py" in change.complete and change.contents["app.py"].startswith("import os")
    # without the tree the file is rebuilt from the hunk: partial, yet line-based checks run
    rebuilt = DiffChangeSource(diff).load()
    assert "app.py" not in rebuilt.complete
    assert rebuilt.contents["app.py"].split("\n")[1] == "x = eval(os.environ['A'])"
    with pytest.raises(InputError):
        DiffChangeSource(b"\x00\x01garbage").load()


def test_config_parsing() -> None:
    text = (
        '[tool.reviewbot]\nexclude = ["vendor/", "*.min.js"]\ndisable = ["python/naive-datetime"]\n'
        'min-severity = "low"\nfail-on = "high"\nlarge-change-lines = 500\n'
    )
    config = parse_config(text, "pyproject.toml")
    assert config.is_excluded("vendor/lib/x.py") and config.is_excluded("static/app.min.js")
    assert not config.is_excluded("src/vendor.py")
    assert config.is_disabled("python/naive-datetime") and not config.is_disabled("python/xxe")
    assert (config.min_severity, config.fail_on, config.large_change_lines) == (
        Severity.LOW,
        Severity.HIGH,
        500,
    )
    assert config_from_texts({"pyproject.toml": '[project]\nname = "x"\n'}) == ReviewConfig()
    dot = config_from_texts({".reviewbot.toml": 'disable = ["a/b"]\n', "pyproject.toml": text})
    assert dot.disabled_rules == {"a/b"}
    for bad in ('[tool.reviewbot]\nfail-on = "severe"\n', "[tool.reviewbot]\nexlude = []\n", "[x"):
        with pytest.raises(ConfigError):
            parse_config(bad, "pyproject.toml")
