"""GitHub (and GitHub Enterprise Server) REST client for the review bot.

Calls, all from GitHub's REST description (api version 2022-11-28):
  GET   /repos/{owner}/{repo}/pulls/{pull_number}
  GET   /repos/{owner}/{repo}/pulls/{pull_number}/comments        (inline comments)
  GET   /repos/{owner}/{repo}/pulls/{pull_number}/reviews         (review bodies)
  POST  /repos/{owner}/{repo}/pulls/{pull_number}/reviews         (one review per push)
  PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}         (mark a comment resolved)
  GET   /repos/{owner}/{repo}/issues/{issue_number}/comments      (find the sticky summary)
  POST  /repos/{owner}/{repo}/issues/{issue_number}/comments
  PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}
  POST  /repos/{owner}/{repo}/statuses/{sha}                       (optional gate status)
  GET   /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions (reviewer feedback)
GitHub Enterprise Server: pass `https://HOST/api/v3` as the base URL.
"""

from __future__ import annotations

from typing import Any

from reviewbot.hosts.base import (
    AnchorRejected,
    CommitState,
    HostError,
    InlineComment,
    PostedComment,
    PullRequest,
    Reaction,
    Reply,
    ReviewOutcome,
)
from reviewbot.hosts.http import HostHTTP
from reviewbot.hosts.issue_comments import IssueCommentNotes

DEFAULT_API_URL = "https://api.github.com"


class GitHubClient(IssueCommentNotes):
    name = "github"
    page = {"per_page": 100}
    batches_reviews = True

    def __init__(self, token: str, api_url: str = DEFAULT_API_URL, **http_options: Any) -> None:
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.http = HostHTTP(api_url, headers, **http_options)

    def get_pull_request(self, repo: str, number: int) -> PullRequest:
        data = self.http.get_json(f"/repos/{repo}/pulls/{number}")
        return PullRequest.from_github_shape(data, number)

    def list_inline_comments(self, repo: str, number: int) -> list[PostedComment]:
        return [
            PostedComment(id=str(c["id"]), body=c.get("body") or "", path=c.get("path"),
                          line=c.get("line"))
            for c in self.http.paginate(f"/repos/{repo}/pulls/{number}/comments",
                                        {"per_page": 100})
        ]

    def list_review_bodies(self, repo: str, number: int) -> list[str]:
        return [
            r.get("body") or ""
            for r in self.http.paginate(f"/repos/{repo}/pulls/{number}/reviews",
                                        {"per_page": 100})
        ]

    def post_review(
        self, repo: str, pr: PullRequest, body: str, comments: list[InlineComment]
    ) -> ReviewOutcome:
        payload: dict[str, Any] = {"commit_id": pr.head_sha, "body": body, "event": "COMMENT"}
        if comments:
            payload["comments"] = [_draft_comment(c) for c in comments]
        try:
            self.http.request("POST", f"/repos/{repo}/pulls/{pr.number}/reviews", json=payload)
        except HostError as exc:
            if exc.status == 422 and comments:
                raise AnchorRejected(str(exc), status=422) from exc
            raise
        return ReviewOutcome(posted=len(comments))

    def mark_resolved(
        self, repo: str, number: int, comment: PostedComment, new_body: str
    ) -> bool:
        try:
            self.http.request("PATCH", f"/repos/{repo}/pulls/comments/{comment.id}",
                              json={"body": new_body})
        except HostError as exc:
            if exc.status in (403, 404):
                return False
            raise
        return True

    def list_reactions(self, repo: str, number: int, comment: PostedComment) -> list[Reaction]:
        return [
            Reaction((r.get("user") or {}).get("login") or "", r.get("content") or "")
            for r in self.http.paginate(f"/repos/{repo}/pulls/comments/{comment.id}/reactions",
                                        {"per_page": 100})
        ]

    def list_replies(self, repo: str, number: int) -> list[Reply]:
        # A reply in a review thread is a review comment with `in_reply_to_id`: the id of
        # the thread's first comment (GitHub threads never nest).
        return [
            Reply(str(c["id"]), str(c["in_reply_to_id"]), c.get("body") or "",
                  (c.get("user") or {}).get("login") or "")
            for c in self.http.paginate(f"/repos/{repo}/pulls/{number}/comments",
                                        {"per_page": 100})
            if c.get("in_reply_to_id")
        ]

    def set_commit_status(
        self, repo: str, sha: str, state: CommitState, description: str, context: str
    ) -> None:
        self.http.request(
            "POST",
            f"/repos/{repo}/statuses/{sha}",
            json={"state": str(state), "description": description[:140], "context": context},
        )


def _draft_comment(comment: InlineComment) -> dict[str, Any]:
    draft: dict[str, Any] = {"path": comment.path, "body": comment.body, "side": "RIGHT"}
    if comment.end_line is not None and comment.end_line > comment.line:
        draft.update(start_line=comment.line, start_side="RIGHT", line=comment.end_line)
    else:
        draft["line"] = comment.line
    return draft
