"""Feedback in: what the bot posted, what reviewers said about it, what the next push did.

- `record_posted`: after a review is posted, map each new inline comment (found by its
  fingerprint marker) to the finding's rule, path, lines and the head it was posted on.
- `check_fixed`: on every later push, a comment whose flagged lines the push modified or
  removed gets `fixed`.
- `harvest`: when the pull request closes or merges, read every recorded comment's
  reactions (👍/👎), the replies in its thread, and (GitLab, Gitea, where the API says it)
  whether a person resolved the thread.
- `webhook_feedback` + `apply`: the webhook events that carry feedback as it happens
  (GitHub review-comment replies and review-thread resolution, GitLab notes, Gitea
  pull-request comments) and pull-request close events (which queue a `harvest`).

Nothing here imports Flask; hosts are reached through `HostClient`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reviewbot.feedback.signals import (
    DEFAULT_FP_PHRASES,
    Signal,
    lines_touched,
    reaction_signal,
    says_false_positive,
)
from reviewbot.feedback.store import FeedbackStore, PostedRecord, StoredSignal
from reviewbot.hosts.base import HostClient, PostedComment, PullRequest
from reviewbot.reporters.pull_request import RESOLVED_MARKER, fingerprints_in
from reviewbot.review.findings import Finding

log = logging.getLogger(__name__)


def record_posted(store: FeedbackStore, host: str, repo: str, pr: PullRequest,
                  findings: Iterable[Finding], posted: Iterable[PostedComment]) -> int:
    """Store the mapping of every inline comment on the pull request that carries the
    fingerprint of one of `findings` and is not stored yet. Returns how many were new."""
    by_fingerprint = {f.fingerprint: f for f in findings if f.path and f.line}
    added = 0
    for comment in posted:
        if RESOLVED_MARKER in comment.body:
            continue
        for fingerprint in fingerprints_in(comment.body):
            finding = by_fingerprint.get(fingerprint)
            if finding is None or finding.path is None or finding.line is None:
                continue
            added += store.record_comment(PostedRecord(
                host=host, repo=repo, number=pr.number, comment_id=comment.id,
                rule=finding.rule, path=finding.path, line=finding.line,
                end_line=finding.end_line, fingerprint=fingerprint,
                commit_sha=pr.head_sha, thread_id=comment.thread_id,
            ))
            break  # an inline comment is about one finding
    return added


def check_fixed(store: FeedbackStore, host: str, repo: str, number: int, head_sha: str,
                diff: Callable[[str, str], str]) -> int:
    """Mark `fixed` the recorded comments whose flagged lines changed between the commit
    they were posted on and `head_sha`. `diff(old, new)` is `git diff old new` text."""
    fixed = 0
    diffs: dict[str, str] = {}
    for record in store.comments_for(host, repo, number):
        if record.commit_sha == head_sha:
            continue
        if any(s.signal is Signal.FIXED for s in store.signals_of(record)):
            continue
        if record.commit_sha not in diffs:
            diffs[record.commit_sha] = diff(record.commit_sha, head_sha)
        if lines_touched(diffs[record.commit_sha], record.path, record.line, record.end_line):
            fixed += store.add_signal(record, StoredSignal(Signal.FIXED, "fixed",
                                                           commit_sha=head_sha))
    return fixed


@dataclass
class HarvestResult:
    comments: int = 0
    votes: int = 0
    fp_replies: int = 0
    resolved: int = 0


def harvest(store: FeedbackStore, client: HostClient, host: str, repo: str, number: int,
            phrases: Sequence[str] = DEFAULT_FP_PHRASES) -> HarvestResult:
    """Read a closed pull request's feedback on the bot's recorded comments."""
    result = HarvestResult()
    records = {r.comment_id: r for r in store.comments_for(host, repo, number)}
    if not records:
        return result
    result.comments = len(records)
    live = {c.id: c for c in client.list_inline_comments(repo, number)}
    for comment_id, record in records.items():
        comment = live.get(comment_id) or PostedComment(id=comment_id, body="")
        votes = []
        for reaction in client.list_reactions(repo, number, comment):
            signal = reaction_signal(reaction.content)
            if signal is not None:
                votes.append(StoredSignal(signal, f"{reaction.user}:{reaction.content}",
                                          reaction.user))
        store.replace_votes(record, votes)
        result.votes += len(votes)
        # GitLab and Gitea say whether a thread is resolved; the bot's own resolutions
        # (its finding disappeared) carry its marker and are not a reviewer's verdict.
        if comment.resolved and RESOLVED_MARKER not in comment.body:
            result.resolved += store.add_signal(record, StoredSignal(Signal.RESOLVED,
                                                                     "resolved"))
    for reply in client.list_replies(repo, number):
        record = records.get(reply.to)
        if record is not None and says_false_positive(reply.body, phrases):
            result.fp_replies += store.add_signal(
                record, StoredSignal(Signal.FP_REPLY, f"reply:{reply.id}", reply.user))
    return result


# --- webhooks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackEvent:
    """What a webhook says about the bot's comments. `kind`: "reply" (a reply in a
    thread), "resolved" / "unresolved" (GitHub review thread), "closed" (read the pull
    request's feedback now)."""

    kind: str
    host: str
    repo: str
    number: int = 0
    comment_id: str = ""  # the thread's first comment (the bot's)
    thread_id: str = ""  # GitLab discussion id
    reply_id: str = ""
    body: str = ""
    user: str = ""


def _get(payload: Mapping[str, Any], *path: str) -> Any:
    value: Any = payload
    for part in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _str(value: Any) -> str:
    return "" if value is None or isinstance(value, bool) else str(value)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def webhook_feedback(host: str, event: str, payload: Mapping[str, Any]) -> FeedbackEvent | None:
    """The feedback a webhook carries, or None when it carries none."""
    action = _get(payload, "action")
    if host in ("github", "gitea"):
        repo = _str(_get(payload, "repository", "full_name"))
        if not repo:
            return None
        if event == "pull_request" and action == "closed":
            number = _int(_get(payload, "number")) or _int(_get(payload, "pull_request", "number"))
            return FeedbackEvent("closed", host, repo, number) if number else None
    if host == "github":
        number = _int(_get(payload, "pull_request", "number"))
        if event == "pull_request_review_comment" and action == "created":
            parent = _str(_get(payload, "comment", "in_reply_to_id"))
            if parent:
                return FeedbackEvent("reply", host, repo, number, comment_id=parent,
                                     reply_id=_str(_get(payload, "comment", "id")),
                                     body=_str(_get(payload, "comment", "body")),
                                     user=_str(_get(payload, "comment", "user", "login")))
        if event == "pull_request_review_thread" and action in ("resolved", "unresolved"):
            thread_comments = _get(payload, "thread", "comments")
            if isinstance(thread_comments, list) and thread_comments:
                first = thread_comments[0]
                return FeedbackEvent(action, host, repo, number,
                                     comment_id=_str(_get(first, "id")),
                                     user=_str(_get(payload, "sender", "login")))
        return None
    if host == "gitlab":
        repo = _str(_get(payload, "project", "path_with_namespace"))
        kind = _get(payload, "object_kind")
        if not repo:
            return None
        if kind == "merge_request" and _get(payload, "object_attributes", "action") in (
            "close", "merge"
        ):
            number = _int(_get(payload, "object_attributes", "iid"))
            return FeedbackEvent("closed", host, repo, number) if number else None
        if kind == "note" and _get(payload, "object_attributes", "noteable_type") == (
            "MergeRequest"
        ):
            thread = _str(_get(payload, "object_attributes", "discussion_id"))
            return FeedbackEvent("reply", host, repo,
                                 _int(_get(payload, "merge_request", "iid")), thread_id=thread,
                                 reply_id=_str(_get(payload, "object_attributes", "id")),
                                 body=_str(_get(payload, "object_attributes", "note")),
                                 user=_str(_get(payload, "user", "username")))
    return None


def apply(store: FeedbackStore, event: FeedbackEvent,
          phrases: Sequence[str] = DEFAULT_FP_PHRASES) -> str:
    """Record a reply or resolution event; returns what was done (for the log and the
    webhook's answer). "closed" is not handled here: it needs the host (a harvest job)."""
    record = store.find(event.host, event.repo, event.comment_id, event.thread_id)
    if record is None:
        return "not a comment of the bot"
    if event.kind == "reply":
        if record.comment_id == event.reply_id:
            return "the bot's own comment"
        if not says_false_positive(event.body, phrases):
            return "reply without a false-positive phrase"
        added = store.add_signal(record, StoredSignal(Signal.FP_REPLY, f"reply:{event.reply_id}",
                                                      event.user))
        return "false-positive reply recorded" if added else "false-positive reply already recorded"
    if event.kind == "resolved":
        added = store.add_signal(record, StoredSignal(Signal.RESOLVED, "resolved", event.user))
        return "resolution recorded" if added else "resolution already recorded"
    if event.kind == "unresolved":
        store.remove_signal(record, Signal.RESOLVED, "resolved")
        return "resolution withdrawn"
    return f"nothing to do for {event.kind}"
