"""The feedback arithmetic: votes, precision, demotion, the fixed-lines check, the phrases,
and the `[feedback]` config."""

from __future__ import annotations

import subprocess

import pytest

from reviewbot.feedback.signals import (
    CommentSignals,
    RuleStats,
    Signal,
    demotion,
    lines_touched,
    parse_phrases,
    reaction_signal,
    rule_stats,
    says_false_positive,
)
from reviewbot.review.config import ConfigError, FeedbackConfig, config_from_texts, parse_config

UP, DOWN, FP, RES, FIX = (Signal.UPVOTE, Signal.DOWNVOTE, Signal.FP_REPLY, Signal.RESOLVED,
                          Signal.FIXED)


def test_precision_counts_each_signal_as_one_vote():
    stats = rule_stats([
        CommentSignals("a", (UP, DOWN, DOWN)),
        CommentSignals("a", (FP, RES)),
        CommentSignals("a", (FIX,)),
        CommentSignals("b", ()),
    ])
    a = stats["a"]
    assert (a.comments, a.upvotes, a.downvotes, a.fp_replies, a.resolved_unchanged, a.fixed) == (
        3, 1, 2, 1, 1, 1)
    assert a.useful == 2 and a.not_useful == 4 and a.votes == 6
    assert a.precision == pytest.approx(2 / 6)
    assert stats["b"].comments == 1 and stats["b"].precision is None


def test_a_resolution_after_a_fix_is_not_held_against_the_rule():
    stats = rule_stats([CommentSignals("a", (RES, FIX))])["a"]
    assert stats.resolved_unchanged == 0 and stats.fixed == 1 and stats.precision == 1.0


@pytest.mark.parametrize(("signals", "demoted"), [
    ((DOWN,) * 4, False),  # 4 votes < min_votes 5
    ((DOWN,) * 5, True),  # precision 0.0 over 5 votes
    ((UP, UP, DOWN, DOWN, DOWN), True),  # 0.4 < 0.5
    ((UP, UP, UP, DOWN, DOWN, DOWN), False),  # 0.5 is not below 0.5
])
def test_demotion_needs_enough_votes_and_low_precision(signals, demoted):
    stats = rule_stats([CommentSignals("r", signals)])["r"]
    assert (demotion(stats, FeedbackConfig()) is not None) is demoted


def test_keep_inline_and_the_reason_text():
    stats = RuleStats("r", comments=3, upvotes=2, downvotes=8)
    found = demotion(stats, FeedbackConfig())
    assert found is not None
    assert found.reason == "demoted by reviewer feedback (precision 0.2 over 10 votes)"
    assert demotion(stats, FeedbackConfig(keep_inline=frozenset({"r"}))) is None
    assert demotion(stats, FeedbackConfig(min_precision=0.0)) is None  # demotion off


@pytest.mark.parametrize(("text", "expected"), [
    ("False positive, this input is a constant", True),
    ("FP.", True),
    ("fp", True),
    ("this is not a bug: the value is trusted", True),
    ("Good catch, fixing", False),
    ("the FPGA driver", False),
    ("> 🔴 **high** eval\n> <!-- reviewbot:fp=abc123 -->\n\nThanks, fixing it", False),
    ("> the bot said: false positive?\n\nNo, real bug", False),
    ("> quoted\n\nfp, the input is constant", True),
])
def test_false_positive_phrases(text, expected):
    assert says_false_positive(text) is expected


def test_phrases_from_the_environment():
    assert parse_phrases("wontfix, by design") == ("wontfix", "by design")
    assert parse_phrases("") == ("false positive", "fp", "not a bug")
    assert says_false_positive("This is BY DESIGN", parse_phrases("by design"))


def test_reactions_and_award_emoji():
    assert reaction_signal("+1") is UP and reaction_signal("thumbsup") is UP
    assert reaction_signal("-1") is DOWN and reaction_signal("thumbsdown") is DOWN
    assert reaction_signal("heart") is None and reaction_signal("rocket") is None


def _git_diff(tmp_path, old: dict[str, str], new: dict[str, str]) -> str:
    """A real `git diff -U0 --find-renames` between two trees, as the job computes it."""
    def run(*args):
        return subprocess.run(["git", "-C", str(tmp_path), *args], check=True,
                              capture_output=True, text=True).stdout

    run("init", "-q")
    run("config", "user.email", "t@example.com")
    run("config", "user.name", "t")
    for tree in (old, new):
        for path in list((tmp_path).glob("*.py")):
            path.unlink()
        for name, text in tree.items():
            (tmp_path / name).write_text(text)
        run("add", "-A")
        run("commit", "-q", "--allow-empty", "-m", "x")
    return run("diff", "--no-color", "--find-renames", "-U0", "HEAD~1", "HEAD")


BEFORE = "".join(f"line {n}\n" for n in range(1, 21))


def test_modified_line_is_touched(tmp_path):
    diff = _git_diff(tmp_path, {"a.py": BEFORE}, {"a.py": BEFORE.replace("line 7\n", "seven\n")})
    assert lines_touched(diff, "a.py", 7)
    assert lines_touched(diff, "a.py", 5, 8)
    assert not lines_touched(diff, "a.py", 8)
    assert not lines_touched(diff, "a.py", 6)


def test_inserted_lines_around_it_and_other_files_are_not(tmp_path):
    after = BEFORE.replace("line 7\n", "new a\nnew b\nline 7\n")
    diff = _git_diff(tmp_path, {"a.py": BEFORE, "b.py": BEFORE},
                     {"a.py": after, "b.py": BEFORE.replace("line 7\n", "")})
    assert not lines_touched(diff, "a.py", 7)
    assert lines_touched(diff, "b.py", 7)


def test_deleted_file_is_touched_and_a_pure_rename_is_not(tmp_path):
    diff = _git_diff(tmp_path, {"a.py": BEFORE, "c.py": BEFORE + "tail\n"},
                     {"z.py": BEFORE + "tail\n"})
    assert lines_touched(diff, "a.py", 3)
    assert not lines_touched(diff, "c.py", 3)  # renamed to z.py, its lines unchanged


def test_feedback_config_in_both_files():
    config = parse_config('[feedback]\nmin-precision = 0.3\nmin-votes = 8\n'
                          'keep-inline = ["python/eval"]\n', ".reviewbot.toml")
    assert config.feedback == FeedbackConfig(0.3, 8, frozenset({"python/eval"}))
    pyproject = config_from_texts({"pyproject.toml": '[tool.reviewbot.feedback]\nmin-votes = 2\n'})
    assert pyproject.feedback.min_votes == 2 and pyproject.feedback.min_precision == 0.5
    assert config_from_texts({}).feedback == FeedbackConfig()


@pytest.mark.parametrize(("text", "message"), [
    ("feedback = 3\n", "feedback must be a table"),
    ("[feedback]\nmin-precision = 2\n", "min-precision must be a number from 0 to 1"),
    ("[feedback]\nmin-votes = 0\n", "min-votes must be a whole number >= 1"),
    ("[feedback]\nkeep-inline = 3\n", "keep-inline must be a list of strings"),
    ("[feedback]\nmin_votes = 3\n", "unknown feedback setting(s) min_votes"),
])
def test_bad_feedback_config_says_what_to_fix(text, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_config(text, ".reviewbot.toml")
