"""An in-memory host that follows the HostClient protocol, for fast tests of the posting
policy. `commentable` is the host's own idea of the diff; `whole_review_422` makes it refuse
a whole review over one bad anchor (GitHub), otherwise it refuses comment by comment (GitLab).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from reviewbot.hosts.base import (
    AnchorRejected,
    CommitState,
    InlineComment,
    Note,
    PostedComment,
    PullRequest,
    Reaction,
    Reply,
    ReviewOutcome,
)


@dataclass
class Stored:
    id: str
    body: str
    path: str | None = None
    line: int | None = None
    resolved: bool = False


@dataclass
class MemoryHost:
    commentable: dict[str, set[int]]
    name: str = "memory"
    batches_reviews: bool = True
    whole_review_422: bool = True
    can_resolve: bool = True
    inline: list[Stored] = field(default_factory=list)
    reviews: list[tuple[str, int]] = field(default_factory=list)  # (body, comment count)
    notes: list[Stored] = field(default_factory=list)
    statuses: list[tuple[str, CommitState, str]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    reactions: dict[str, list[Reaction]] = field(default_factory=dict)  # comment id → reactions
    replies: list[Reply] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)

    def _id(self) -> str:
        return str(next(self._ids))

    def get_pull_request(self, repo: str, number: int) -> PullRequest:
        return PullRequest(number, "b" * 40, "h" * 40, "main", "feature", "file:///x",
                           f"refs/pull/{number}/head")

    def list_inline_comments(self, repo: str, number: int) -> list[PostedComment]:
        self.calls.append("list_inline_comments")
        return [PostedComment(c.id, c.body, c.path, c.line, c.resolved) for c in self.inline]

    def list_review_bodies(self, repo: str, number: int) -> list[str]:
        return [body for body, _ in self.reviews]

    def post_review(self, repo: str, pr: PullRequest, body: str,
                    comments: list[InlineComment]) -> ReviewOutcome:
        self.calls.append(f"post_review:{len(comments)}")
        bad = [c for c in comments if c.line not in self.commentable.get(c.path, set())]
        if bad and self.whole_review_422:
            raise AnchorRejected("422 Line could not be resolved", status=422)
        good = [c for c in comments if c not in bad]
        for c in good:
            self.inline.append(Stored(self._id(), c.body, c.path, c.line))
        if self.batches_reviews or body:
            self.reviews.append((body, len(good)))
        return ReviewOutcome(posted=len(good), rejected=bad)

    def mark_resolved(self, repo: str, number: int, comment: PostedComment,
                      new_body: str) -> bool:
        if not self.can_resolve:
            return False
        for stored in self.inline:
            if stored.id == comment.id:
                stored.body, stored.resolved = new_body, True
        return True

    def list_notes(self, repo: str, number: int) -> list[Note]:
        return [Note(n.id, n.body) for n in self.notes]

    def create_note(self, repo: str, number: int, body: str) -> Note:
        note = Stored(self._id(), body)
        self.notes.append(note)
        return Note(note.id, body)

    def update_note(self, repo: str, number: int, note_id: str, body: str) -> None:
        for note in self.notes:
            if note.id == note_id:
                note.body = body

    def set_commit_status(self, repo: str, sha: str, state: CommitState, description: str,
                          context: str) -> None:
        self.statuses.append((sha, state, description))

    def list_reactions(self, repo: str, number: int, comment: PostedComment) -> list[Reaction]:
        return list(self.reactions.get(comment.id, []))

    def list_replies(self, repo: str, number: int) -> list[Reply]:
        return list(self.replies)
