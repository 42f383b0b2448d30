"""Feedback in, against the in-memory host and the store (SQLite and PostgreSQL): the
posted-comment mapping, the harvest on close, the webhook events, the fixed-lines check,
and what demotion does to the next review's posting."""

from __future__ import annotations

from reviewbot.feedback.collect import (
    FeedbackEvent,
    apply,
    check_fixed,
    harvest,
    record_posted,
    webhook_feedback,
)
from reviewbot.feedback.signals import Signal
from reviewbot.feedback.store import FeedbackStore
from reviewbot.hosts.base import Reaction, Reply
from reviewbot.reporters.pull_request import RESOLVED_MARKER, PublishInput, publish
from reviewbot.review.diff_parser import parse_diff
from reviewbot.review.findings import Category, Finding, Severity
from tests.fakes.memory import MemoryHost

DIFF = parse_diff("diff --git a/app.py b/app.py\n--- a/app.py\n+++ b/app.py\n@@ -1,2 +1,12 @@\n"
                  " a\n b\n" + "".join(f"+x{n}\n" for n in range(3, 13)))
COMMENTABLE = {"app.py": set(range(1, 13))}


def finding(line: int, rule: str) -> Finding:
    return Finding(rule, Category.SECURITY, Severity.HIGH, f"problem on {line}", "app.py", line,
                   anchor_text=f"x{line}")


def post(host: MemoryHost, store: FeedbackStore, *findings: Finding, demoted=None):
    pr = host.get_pull_request("o/r", 1)
    result = publish(host, "o/r", pr, PublishInput(
        head_sha=pr.head_sha, base_sha=pr.base_sha, inline=list(findings), diff=DIFF,
        demoted=demoted or {}))
    record_posted(store, "memory", "o/r", pr, findings, host.list_inline_comments("o/r", 1))
    return result


def test_posting_records_each_comment_once(store: FeedbackStore):
    host = MemoryHost(COMMENTABLE)
    post(host, store, finding(3, "py/a"), finding(4, "py/b"))
    post(host, store, finding(3, "py/a"), finding(4, "py/b"))  # the next push: no new rows
    records = store.comments_for("memory", "o/r", 1)
    assert sorted((r.rule, r.line, r.comment_id) for r in records) == [
        ("py/a", 3, host.inline[0].id), ("py/b", 4, host.inline[1].id)]


def test_harvest_reads_votes_fp_replies_and_reviewer_resolutions(store: FeedbackStore):
    host = MemoryHost(COMMENTABLE)
    post(host, store, finding(3, "py/a"), finding(4, "py/b"), finding(5, "py/c"))
    a, b, c = host.inline
    host.reactions[a.id] = [Reaction("ann", "-1"), Reaction("bob", "-1"), Reaction("cy", "heart")]
    host.replies = [Reply("r1", b.id, "Not a bug, the input is validated", "ann"),
                    Reply("r2", a.id, "ok", "bob")]
    b.resolved = True  # a reviewer resolved it
    c.resolved, c.body = True, c.body + RESOLVED_MARKER  # the bot resolved it: not feedback
    found = harvest(store, host, "memory", "o/r", 1)
    assert (found.comments, found.votes, found.fp_replies, found.resolved) == (3, 2, 1, 1)
    again = harvest(store, host, "memory", "o/r", 1)  # closed twice (reopened): same numbers
    assert (again.fp_replies, again.resolved) == (0, 0)
    rules = store.stats(repo="o/r")[("memory", "o/r")]
    assert (rules["py/a"].downvotes, rules["py/a"].votes) == (2, 2)
    assert (rules["py/b"].fp_replies, rules["py/b"].resolved_unchanged) == (1, 1)
    assert rules["py/c"].votes == 0


def test_a_dismissed_thread_is_not_posted_again_and_a_demoted_rule_goes_to_the_summary(
    store: FeedbackStore,
):
    host = MemoryHost(COMMENTABLE)
    post(host, store, finding(3, "py/a"))
    host.inline[0].resolved = True  # a reviewer resolved it; the finding stays
    again = post(host, store, finding(3, "py/a"))
    assert again.posted == 0 and len(host.inline) == 1
    reason = "demoted by reviewer feedback (precision 0.2 over 10 votes)"
    result = post(host, store, finding(3, "py/a"), finding(7, "py/noisy"),
                  demoted={"py/noisy": reason})
    assert result.demoted == [finding(7, "py/noisy")]
    assert not any("py/noisy" in c.body for c in host.inline)
    assert f"`py/noisy`: {reason}" in host.notes[0].body


def test_check_fixed_uses_the_diff_since_the_comment(store: FeedbackStore):
    host = MemoryHost(COMMENTABLE)
    post(host, store, finding(3, "py/a"), finding(6, "py/b"))
    seen = []

    def diff(old: str, new: str) -> str:
        seen.append((old, new))
        return ("diff --git a/app.py b/app.py\n--- a/app.py\n+++ b/app.py\n"
                "@@ -6 +6 @@\n-x6\n+y6\n")

    assert check_fixed(store, "memory", "o/r", 1, "n" * 40, diff) == 1
    assert check_fixed(store, "memory", "o/r", 1, "m" * 40, diff) == 0  # already fixed
    assert seen == [("h" * 40, "n" * 40), ("h" * 40, "m" * 40)]  # one diff per old head
    rules = store.stats()[("memory", "o/r")]
    assert (rules["py/a"].fixed, rules["py/b"].fixed) == (0, 1)


def test_webhook_events_to_feedback():
    reply = webhook_feedback("github", "pull_request_review_comment", {
        "action": "created", "repository": {"full_name": "o/r"}, "pull_request": {"number": 4},
        "comment": {"id": 9, "in_reply_to_id": 7, "body": "fp", "user": {"login": "ann"}}})
    assert reply == FeedbackEvent("reply", "github", "o/r", 4, comment_id="7", reply_id="9",
                                  body="fp", user="ann")
    top_level = webhook_feedback("github", "pull_request_review_comment", {
        "action": "created", "repository": {"full_name": "o/r"}, "comment": {"id": 9}})
    assert top_level is None
    resolved = webhook_feedback("github", "pull_request_review_thread", {
        "action": "resolved", "repository": {"full_name": "o/r"}, "pull_request": {"number": 4},
        "thread": {"comments": [{"id": 7}, {"id": 9}]}, "sender": {"login": "bob"}})
    assert resolved == FeedbackEvent("resolved", "github", "o/r", 4, comment_id="7", user="bob")
    assert webhook_feedback("gitea", "pull_request", {
        "action": "closed", "number": 3, "repository": {"full_name": "o/r"}}) == FeedbackEvent(
        "closed", "gitea", "o/r", 3)
    assert webhook_feedback("github", "pull_request", {
        "action": "opened", "number": 3, "repository": {"full_name": "o/r"}}) is None
    note = webhook_feedback("gitlab", "Note Hook", {
        "object_kind": "note", "project": {"path_with_namespace": "g/p"},
        "object_attributes": {"id": 5, "note": "False positive", "noteable_type": "MergeRequest",
                              "discussion_id": "abc"},
        "merge_request": {"iid": 2}, "user": {"username": "cy"}})
    assert note == FeedbackEvent("reply", "gitlab", "g/p", 2, thread_id="abc", reply_id="5",
                                 body="False positive", user="cy")
    merged = webhook_feedback("gitlab", "Merge Request Hook", {
        "object_kind": "merge_request", "project": {"path_with_namespace": "g/p"},
        "object_attributes": {"iid": 2, "action": "merge"}})
    assert merged == FeedbackEvent("closed", "gitlab", "g/p", 2)
    # wrong shapes carry no feedback rather than failing
    assert webhook_feedback("github", "pull_request_review_thread", {
        "action": "resolved", "repository": {"full_name": "o/r"}, "thread": "x"}) is None
    assert webhook_feedback("gitlab", "Note Hook", {"object_kind": "note", "project": 3}) is None


def test_apply_is_idempotent_and_ignores_other_comments(store: FeedbackStore):
    host = MemoryHost(COMMENTABLE)
    post(host, store, finding(3, "py/a"))
    bot = host.inline[0].id
    event = FeedbackEvent("reply", "memory", "o/r", 1, comment_id=bot, reply_id="77",
                          body="FP: constant", user="ann")
    assert apply(store, event) == "false-positive reply recorded"
    assert apply(store, event) == "false-positive reply already recorded"
    other = FeedbackEvent("reply", "memory", "o/r", 1, comment_id="999", reply_id="78", body="fp")
    assert apply(store, other) == "not a comment of the bot"
    resolved = FeedbackEvent("resolved", "memory", "o/r", 1, comment_id=bot)
    assert apply(store, resolved) == "resolution recorded"
    assert apply(store, FeedbackEvent("unresolved", "memory", "o/r", 1, comment_id=bot)) == (
        "resolution withdrawn")
    record = store.find("memory", "o/r", comment_id=bot)
    assert record is not None
    assert [s.signal for s in store.signals_of(record)] == [Signal.FP_REPLY]


def test_the_bots_own_comment_is_not_a_reply(store: FeedbackStore):
    host = MemoryHost(COMMENTABLE)
    post(host, store, finding(3, "py/a"))
    bot = host.inline[0].id
    event = FeedbackEvent("reply", "memory", "o/r", 1, comment_id=bot, reply_id=bot, body="fp")
    assert apply(store, event) == "the bot's own comment"
