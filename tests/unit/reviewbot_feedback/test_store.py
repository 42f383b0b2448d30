"""The feedback store on SQLite and on the real PostgreSQL: traceable comments, idempotent
signals (a redelivered webhook adds nothing), votes replaced on a second read, stats."""

from __future__ import annotations

import pytest

from reviewbot.feedback.signals import Signal
from reviewbot.feedback.store import (
    FeedbackStore,
    FeedbackStoreError,
    PostedRecord,
    StoredSignal,
    feedback_url,
)
from reviewbot.review.config import FeedbackConfig


def record(comment_id: str, rule: str = "python/eval", repo: str = "acme/app",
           host: str = "github", number: int = 1) -> PostedRecord:
    return PostedRecord(host=host, repo=repo, number=number, comment_id=comment_id, rule=rule,
                        path="app.py", line=10, end_line=12, fingerprint=f"fp{comment_id}",
                        commit_sha="a" * 40, thread_id=f"t{comment_id}")


def test_comments_are_recorded_once_and_traceable(store: FeedbackStore):
    assert store.record_comment(record("11"))
    assert not store.record_comment(record("11"))  # the same comment again: no new row
    found = store.find("github", "acme/app", comment_id="11")
    assert found is not None and found.key
    assert (found.number, found.rule, found.path, found.line, found.end_line,
            found.fingerprint, found.commit_sha) == (1, "python/eval", "app.py", 10, 12,
                                                     "fp11", "a" * 40)
    assert store.find("github", "acme/app", thread_id="t11") == found
    assert store.find("gitlab", "acme/app", comment_id="11") is None
    assert [r.comment_id for r in store.comments_for("github", "acme/app", 1)] == ["11"]


def test_signals_are_idempotent_and_votes_replaced(store: FeedbackStore):
    store.record_comment(record("11"))
    comment = store.find("github", "acme/app", comment_id="11")
    assert comment is not None
    reply = StoredSignal(Signal.FP_REPLY, "reply:99", "ann")
    assert store.add_signal(comment, reply)
    assert not store.add_signal(comment, reply)  # redelivered webhook
    store.replace_votes(comment, [StoredSignal(Signal.DOWNVOTE, "bob:-1", "bob"),
                                  StoredSignal(Signal.DOWNVOTE, "cy:-1", "cy")])
    # read again later: cy took the 👎 back, dee gave a 👍
    store.replace_votes(comment, [StoredSignal(Signal.DOWNVOTE, "bob:-1", "bob"),
                                  StoredSignal(Signal.UPVOTE, "dee:+1", "dee")])
    kinds = sorted(str(s.signal) for s in store.signals_of(comment))
    assert kinds == ["downvote", "fp_reply", "upvote"]
    store.add_signal(comment, StoredSignal(Signal.RESOLVED, "resolved", "ann"))
    store.remove_signal(comment, Signal.RESOLVED, "resolved")  # unresolved again
    assert Signal.RESOLVED not in {s.signal for s in store.signals_of(comment)}


def test_stats_per_repository_and_rule(store: FeedbackStore):
    for cid, rule, repo in (("1", "python/eval", "acme/app"), ("2", "python/eval", "acme/app"),
                            ("3", "python/shell", "acme/app"), ("4", "python/eval", "acme/lib")):
        store.record_comment(record(cid, rule, repo))
    one = store.find("github", "acme/app", comment_id="1")
    two = store.find("github", "acme/app", comment_id="2")
    three = store.find("github", "acme/app", comment_id="3")
    assert one and two and three
    store.replace_votes(one, [StoredSignal(Signal.DOWNVOTE, f"u{i}:-1") for i in range(3)])
    store.add_signal(two, StoredSignal(Signal.RESOLVED, "resolved"))
    store.add_signal(two, StoredSignal(Signal.UPVOTE, "x:+1"))
    store.add_signal(three, StoredSignal(Signal.FIXED, "fixed"))
    store.add_signal(three, StoredSignal(Signal.RESOLVED, "resolved"))  # after the fix
    stats = store.stats(repo="acme/app")
    assert list(stats) == [("github", "acme/app")]
    rules = stats[("github", "acme/app")]
    assert rules["python/eval"].comments == 2
    assert (rules["python/eval"].downvotes, rules["python/eval"].resolved_unchanged,
            rules["python/eval"].upvotes, rules["python/eval"].votes) == (3, 1, 1, 5)
    assert rules["python/eval"].precision == pytest.approx(0.2)
    assert (rules["python/shell"].fixed, rules["python/shell"].resolved_unchanged) == (1, 0)
    assert set(store.stats()) == {("github", "acme/app"), ("github", "acme/lib")}
    assert store.stats(repo="acme/app", host="gitlab") == {}


def test_repository_settings_round_trip(store: FeedbackStore):
    assert store.settings_for("gitlab", "g/p") is None
    store.save_settings("gitlab", "g/p", FeedbackConfig(0.3, 8, frozenset({"a", "b"})))
    store.save_settings("gitlab", "g/p", FeedbackConfig(0.4, 9, frozenset({"b"})))
    assert store.settings_for("gitlab", "g/p") == FeedbackConfig(0.4, 9, frozenset({"b"}))


def test_url_from_the_environment(tmp_path):
    assert feedback_url({"REVIEWBOT_FEEDBACK_URL": "off"}) is None
    assert feedback_url({"XDG_DATA_HOME": str(tmp_path)}) == (
        f"sqlite:///{tmp_path}/reviewbot/feedback.sqlite3")
    assert feedback_url({"REVIEWBOT_FEEDBACK_URL": "postgresql://u@h/db"}) == (
        "postgresql://u@h/db")
    with pytest.raises(FeedbackStoreError, match="not supported"):
        FeedbackStore("mysql://u@h/db")
