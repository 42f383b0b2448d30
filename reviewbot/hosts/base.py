"""What the pull-request reporter needs from a code host, and nothing more.

Three small pieces: value types for what a host returns (`PullRequest`, `PostedComment`,
`Note`), the `HostClient` protocol each host implements (github.py, gitlab.py, gitea.py), and
the errors they raise. No HTTP library is imported here, so the reporter's policy can be
tested against any object that follows the protocol.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class HostError(Exception):
    """A host answered with an error. `retryable` says whether running the same job again
    later may succeed (outages, rate limits) or not (bad token, unknown pull request)."""

    def __init__(self, message: str, *, status: int | None = None, retryable: bool = False):
        super().__init__(message)
        self.status = status
        self.retryable = retryable


class HostUnavailable(HostError):
    """The host is down, unreachable or rate-limiting us past our patience: retry later."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message, status=status, retryable=True)


class AnchorRejected(HostError):
    """The host refused an inline comment's position (GitHub 422 "Line could not be
    resolved", GitLab 400 line_code, Gitea 422). The reporter falls back to a body-only
    review so that the findings are not lost."""


class CommitState(StrEnum):
    PENDING = "pending"
    SUCCESS = "success"
    FAILURE = "failure"
    ERROR = "error"


@dataclass(frozen=True)
class PullRequest:
    """A pull (merge) request as the bot needs it: the commits to review and where to fetch
    them. `start_sha` is GitLab's diff_refs.start_sha (tip of the target branch); the other
    hosts leave it equal to `base_sha`."""

    number: int
    base_sha: str
    head_sha: str
    base_ref: str
    head_ref: str
    clone_url: str  # the base repository's clone URL
    fetch_ref: str  # the ref holding the head commit in the base repository (refs/pull/N/head)
    start_sha: str = ""
    web_url: str = ""
    state: str = "open"
    draft: bool = False

    def __post_init__(self) -> None:
        if not self.start_sha:
            object.__setattr__(self, "start_sha", self.base_sha)

    @classmethod
    def from_github_shape(cls, data: Mapping[str, Any], number: int) -> PullRequest:
        """GitHub's `GET /repos/{repo}/pulls/{n}` body, which Gitea's API mirrors."""
        return cls(
            number=int(data["number"]),
            base_sha=data["base"]["sha"],
            head_sha=data["head"]["sha"],
            base_ref=data["base"]["ref"],
            head_ref=data["head"]["ref"],
            clone_url=data["base"]["repo"]["clone_url"],
            fetch_ref=f"refs/pull/{number}/head",
            web_url=data.get("html_url") or "",
            state=data.get("state") or "open",
            draft=bool(data.get("draft")),
        )


@dataclass(frozen=True)
class InlineComment:
    """A comment anchored on the new (RIGHT) side of the diff at `line`, the first line of
    the finding the diff shows. `end_line` (same hunk) lets GitHub draw a multi-line
    comment; `old_line` is `line`'s old-side number when it is a context (unchanged) line,
    which GitLab requires; `old_path` is the file's path before a rename."""

    path: str
    line: int
    body: str
    end_line: int | None = None
    old_path: str | None = None
    old_line: int | None = None


@dataclass(frozen=True)
class PostedComment:
    """An inline comment (or GitLab discussion) already on the pull request."""

    id: str
    body: str
    path: str | None = None
    line: int | None = None
    resolved: bool = False
    thread_id: str | None = None  # GitLab discussion id; None elsewhere


@dataclass(frozen=True)
class Note:
    """A top-level (issue/MR conversation) comment, where the sticky summary lives."""

    id: str
    body: str


@dataclass(frozen=True)
class Reaction:
    """One person's reaction on a comment: `content` is GitHub's/Gitea's reaction name
    ("+1", "-1", "heart" …) or GitLab's award emoji name ("thumbsup", "thumbsdown" …)."""

    user: str
    content: str


@dataclass(frozen=True)
class Reply:
    """A reply in an inline comment's thread: `to` is the id of the thread's first comment."""

    id: str
    to: str
    body: str
    user: str = ""


@dataclass
class ReviewOutcome:
    """What `HostClient.post_review` did."""

    posted: int = 0  # inline comments accepted
    rejected: list[InlineComment] = field(default_factory=list)  # anchors the host refused


class HostClient(Protocol):
    """The calls the reporter makes. Implementations translate `InlineComment` into the
    host's anchor (GitHub line/side/start_line, GitLab position, Gitea new_position).
    `batches_reviews` is True when the host groups a push's inline comments into one review
    with a body (GitHub, Gitea); GitLab opens one discussion per comment."""

    name: str
    batches_reviews: bool

    def get_pull_request(self, repo: str, number: int) -> PullRequest: ...

    def list_inline_comments(self, repo: str, number: int) -> list[PostedComment]: ...

    def list_review_bodies(self, repo: str, number: int) -> list[str]: ...

    def post_review(
        self, repo: str, pr: PullRequest, body: str, comments: list[InlineComment]
    ) -> ReviewOutcome:
        """One review per push. Raises AnchorRejected when the host refuses the anchors and
        took nothing (GitHub rejects the whole review); hosts that accept comments one by
        one report refused ones in `ReviewOutcome.rejected` instead."""
        ...

    def mark_resolved(
        self, repo: str, number: int, comment: PostedComment, new_body: str
    ) -> bool:
        """Resolve or mark outdated a comment whose finding disappeared. False when the
        host would not do it (the reporter then says so in the summary)."""
        ...

    def list_notes(self, repo: str, number: int) -> list[Note]: ...

    def create_note(self, repo: str, number: int, body: str) -> Note: ...

    def update_note(self, repo: str, number: int, note_id: str, body: str) -> None: ...

    def set_commit_status(
        self, repo: str, sha: str, state: CommitState, description: str, context: str
    ) -> None: ...

    # Reviewer feedback (reviewbot/feedback/), read when a pull request closes.

    def list_reactions(self, repo: str, number: int, comment: PostedComment) -> list[Reaction]:
        """The reactions (GitLab: award emoji) on one inline comment."""
        ...

    def list_replies(self, repo: str, number: int) -> list[Reply]:
        """Replies to inline comments on the pull request (the threads' later comments)."""
        ...
