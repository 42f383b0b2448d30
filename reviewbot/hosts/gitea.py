"""Gitea (and Forgejo) REST client for the review bot.

Calls, from Gitea's swagger (`/api/swagger`):
  GET   /repos/{owner}/{repo}/pulls/{index}
  GET   /repos/{owner}/{repo}/pulls/{index}/reviews
  GET   /repos/{owner}/{repo}/pulls/{index}/reviews/{id}/comments
  POST  /repos/{owner}/{repo}/pulls/{index}/reviews        (event COMMENT, new_position)
  PATCH /repos/{owner}/{repo}/issues/comments/{id}         (edit: code comments too)
  GET   /repos/{owner}/{repo}/issues/{index}/comments      (find the sticky summary)
  POST  /repos/{owner}/{repo}/issues/{index}/comments
  POST  /repos/{owner}/{repo}/statuses/{sha}               (optional gate status)
  GET   /repos/{owner}/{repo}/issues/comments/{id}/reactions (reviewer feedback)
Base URL: `https://HOST/api/v1`.
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

PAGE = {"limit": 50}


class GiteaClient(IssueCommentNotes):
    name = "gitea"
    page = PAGE
    batches_reviews = True

    def __init__(self, token: str, api_url: str, **http_options: Any) -> None:
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"token {token}"
        self.http = HostHTTP(api_url, headers, **http_options)

    def get_pull_request(self, repo: str, number: int) -> PullRequest:
        data = self.http.get_json(f"/repos/{repo}/pulls/{number}")
        return PullRequest.from_github_shape(data, number)

    def _reviews(self, repo: str, number: int) -> list[dict[str, Any]]:
        return list(self.http.paginate(f"/repos/{repo}/pulls/{number}/reviews", PAGE))

    def list_inline_comments(self, repo: str, number: int) -> list[PostedComment]:
        comments = []
        for review in self._reviews(repo, number):
            if not review.get("comments_count"):
                continue
            for c in self.http.get_json(
                f"/repos/{repo}/pulls/{number}/reviews/{review['id']}/comments"
            ):
                comments.append(
                    PostedComment(
                        id=str(c["id"]),
                        body=c.get("body") or "",
                        path=c.get("path"),
                        line=c.get("position") or None,
                        resolved=c.get("resolver") is not None,
                    )
                )
        return comments

    def list_reactions(self, repo: str, number: int, comment: PostedComment) -> list[Reaction]:
        data = self.http.get_json(f"/repos/{repo}/issues/comments/{comment.id}/reactions")
        return [Reaction((r.get("user") or {}).get("login") or "", r.get("content") or "")
                for r in data or []]

    def list_replies(self, repo: str, number: int) -> list[Reply]:
        # Gitea's API does not link a reply to the comment it answers; a thread is the code
        # comments on the same path and line, the earliest being the one replied to.
        first: dict[tuple[str | None, int | None], PostedComment] = {}
        replies = []
        for comment in sorted(self.list_inline_comments(repo, number), key=lambda c: int(c.id)):
            where = (comment.path, comment.line)
            if where not in first:
                first[where] = comment
            else:
                replies.append(Reply(comment.id, first[where].id, comment.body))
        return replies

    def list_review_bodies(self, repo: str, number: int) -> list[str]:
        return [r.get("body") or "" for r in self._reviews(repo, number)]

    def post_review(
        self, repo: str, pr: PullRequest, body: str, comments: list[InlineComment]
    ) -> ReviewOutcome:
        payload = {
            "event": "COMMENT",
            "body": body,
            "commit_id": pr.head_sha,
            "comments": [
                {"path": c.path, "body": c.body, "new_position": c.line, "old_position": 0}
                for c in comments
            ],
        }
        try:
            self.http.request("POST", f"/repos/{repo}/pulls/{pr.number}/reviews", json=payload)
        except HostError as exc:
            if exc.status in (400, 422) and comments:
                raise AnchorRejected(str(exc), status=exc.status) from exc
            raise
        return ReviewOutcome(posted=len(comments))

    def mark_resolved(
        self, repo: str, number: int, comment: PostedComment, new_body: str
    ) -> bool:
        try:
            response = self.http.request(
                "PATCH", f"/repos/{repo}/issues/comments/{comment.id}", json={"body": new_body}
            )
        except HostError as exc:
            if exc.status in (403, 404):
                return False
            raise
        return response.status_code == 200  # 204: this Gitea cannot edit that comment type

    def set_commit_status(
        self, repo: str, sha: str, state: CommitState, description: str, context: str
    ) -> None:
        self.http.request(
            "POST",
            f"/repos/{repo}/statuses/{sha}",
            json={"state": str(state), "description": description, "context": context},
        )
