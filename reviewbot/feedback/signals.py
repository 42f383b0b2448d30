"""The feedback vocabulary and arithmetic, pure (stdlib only) so that it is tested alone.

A signal is one reviewer's verdict on one inline comment of the bot:

    useful      upvote (a 👍 / +1 reaction, one per person), fixed (a later push modified or
                removed the flagged lines)
    not useful  downvote (a 👎 / -1 reaction, one per person), fp_reply (a reply saying
                "false positive", "fp" or "not a bug"), resolved_unchanged (a person resolved
                the thread and no push had touched the flagged lines)

Each signal is one vote. A rule's measured precision is useful / (useful + not useful),
over all its comments in one repository; with no votes it is unknown (None).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from reviewbot.review.config import FeedbackConfig

DEFAULT_FP_PHRASES = ("false positive", "fp", "not a bug")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@")


class Signal(StrEnum):
    UPVOTE = "upvote"
    DOWNVOTE = "downvote"
    FP_REPLY = "fp_reply"
    RESOLVED = "resolved"  # a person resolved the thread; "unchanged" is decided in stats
    FIXED = "fixed"


def reaction_signal(content: str) -> Signal | None:
    """GitHub/Gitea reaction content or GitLab award emoji name → a vote (others: None)."""
    if content in ("+1", "thumbsup"):
        return Signal.UPVOTE
    if content in ("-1", "thumbsdown"):
        return Signal.DOWNVOTE
    return None


def says_false_positive(text: str, phrases: Sequence[str] = DEFAULT_FP_PHRASES) -> bool:
    """True when a reply contains one of `phrases` as whole words, case-insensitively
    ("FP." and "that's a False Positive" count; "fpga" does not), outside quoted lines and
    HTML comments."""
    # Quoted lines and hidden markers are someone else's words: a reply quoting the bot's
    # comment carries its `<!-- reviewbot:fp=… -->` marker, which is not a verdict.
    own = "\n".join(line for line in _HTML_COMMENT.sub(" ", text).splitlines()
                     if not line.lstrip().startswith(">"))
    lowered = " ".join(own.lower().split())
    return any(
        re.search(rf"(?<!\w){re.escape(phrase.lower().strip())}(?!\w)", lowered)
        for phrase in phrases
        if phrase.strip()
    )


def parse_phrases(text: str | None) -> tuple[str, ...]:
    """REVIEWBOT_FP_PHRASES: comma-separated phrases; empty or unset → the defaults."""
    phrases = tuple(p.strip() for p in (text or "").split(",") if p.strip())
    return phrases or DEFAULT_FP_PHRASES


@dataclass(frozen=True)
class RuleStats:
    rule: str
    comments: int = 0  # inline comments posted (volume)
    upvotes: int = 0
    downvotes: int = 0
    fp_replies: int = 0
    resolved_unchanged: int = 0
    fixed: int = 0

    @property
    def useful(self) -> int:
        return self.upvotes + self.fixed

    @property
    def not_useful(self) -> int:
        return self.downvotes + self.fp_replies + self.resolved_unchanged

    @property
    def votes(self) -> int:
        return self.useful + self.not_useful

    @property
    def precision(self) -> float | None:
        return self.useful / self.votes if self.votes else None

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule, "comments": self.comments, "upvotes": self.upvotes,
            "downvotes": self.downvotes, "fp_replies": self.fp_replies,
            "resolved_unchanged": self.resolved_unchanged, "fixed": self.fixed,
            "votes": self.votes, "precision": self.precision,
        }


@dataclass(frozen=True)
class CommentSignals:
    """One posted comment and the signals it received (from the store)."""

    rule: str
    signals: tuple[Signal, ...]


def rule_stats(comments: Iterable[CommentSignals]) -> dict[str, RuleStats]:
    """Per rule: volume and votes. A resolution counts against the rule only when the same
    comment has no `fixed` signal (the reviewer resolved it because the code changed)."""
    totals: dict[str, dict[str, int]] = {}
    for comment in comments:
        row = totals.setdefault(comment.rule, dict.fromkeys(
            ("comments", "upvotes", "downvotes", "fp_replies", "resolved_unchanged", "fixed"), 0))
        row["comments"] += 1
        fixed = Signal.FIXED in comment.signals
        for signal in comment.signals:
            if signal is Signal.UPVOTE:
                row["upvotes"] += 1
            elif signal is Signal.DOWNVOTE:
                row["downvotes"] += 1
            elif signal is Signal.FP_REPLY:
                row["fp_replies"] += 1
            elif signal is Signal.RESOLVED and not fixed:
                row["resolved_unchanged"] += 1
            elif signal is Signal.FIXED:
                row["fixed"] += 1
    return {rule: RuleStats(rule, **row) for rule, row in sorted(totals.items())}


@dataclass(frozen=True)
class Demotion:
    rule: str
    precision: float
    votes: int

    @property
    def reason(self) -> str:
        return (f"demoted by reviewer feedback (precision {self.precision:.1f} over "
                f"{self.votes} votes)")


def demotion(stats: RuleStats, config: FeedbackConfig) -> Demotion | None:
    """The rule's demotion under `config`, or None when it stays inline."""
    precision = stats.precision
    if (
        precision is None
        or stats.rule in config.keep_inline
        or stats.votes < config.min_votes
        or precision >= config.min_precision
    ):
        return None
    return Demotion(stats.rule, precision, stats.votes)


def demotions(stats: Iterable[RuleStats], config: FeedbackConfig) -> dict[str, Demotion]:
    found = (demotion(s, config) for s in stats)
    return {d.rule: d for d in found if d is not None}


def lines_touched(diff_text: str, path: str, first: int, last: int | None = None) -> bool:
    """Whether the unified diff (old → new, any context) modifies or removes any of the old
    side's lines `first..last` of `path`: a removed (`-`) line among them, or the file
    deleted. A rename alone, or lines inserted around them, does not count."""
    last = max(first, last or first)
    current: str | None = None
    old = 0
    in_hunk = False
    for line in diff_text.splitlines():
        if line.startswith("diff --git "):
            current, in_hunk = None, False
        elif not in_hunk and line.startswith("--- "):
            current = line[6:] if line.startswith("--- a/") else None
        elif not in_hunk and line.startswith("+++ "):
            if current == path and line[4:] == "/dev/null":
                return True
        elif (match := _HUNK.match(line)) is not None:
            in_hunk = current == path
            old = int(match.group(1))
            if match.group(2) == "0":
                old += 1  # pure insertion after `start`: the next old line is start + 1
        elif in_hunk and line.startswith("-"):
            if first <= old <= last:
                return True
            old += 1
        elif in_hunk and line.startswith(" "):
            old += 1
    return False
