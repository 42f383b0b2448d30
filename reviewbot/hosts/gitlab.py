"""GitLab (gitlab.com or self-managed) REST v4 client for the review bot.

Calls, from GitLab's merge request, discussions, notes and commit status API docs:
  GET  /projects/:id/merge_requests/:iid                  (diff_refs: base/start/head SHAs)
  GET  /projects/:id                                      (http_url_to_repo)
  GET  /projects/:id/merge_requests/:iid/discussions      (inline threads)
  POST /projects/:id/merge_requests/:iid/discussions      (body + position: one thread each)
  PUT  /projects/:id/merge_requests/:iid/notes/:note_id   (edit a note's body)
  PUT  /projects/:id/merge_requests/:iid/discussions/:discussion_id?resolved=true
  GET  /projects/:id/merge_requests/:iid/notes            (find the sticky summary)
  POST /projects/:id/merge_requests/:iid/notes
  POST /projects/:id/statuses/:sha                        (optional gate status)
  GET  /projects/:id/merge_requests/:iid/notes/:note_id/award_emoji  (reviewer feedback)
`:id` is the URL-encoded `group/project` path. Self-managed: base URL `https://HOST/api/v4`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from reviewbot.hosts.base import (
    CommitState,
    HostError,
    HostUnavailable,
    InlineComment,
    Note,
    PostedComment,
    PullRequest,
    Reaction,
    Reply,
    ReviewOutcome,
)
from reviewbot.hosts.http import HostHTTP

DEFAULT_API_URL = "https://gitlab.com/api/v4"
_STATES = {
    CommitState.PENDING: "pending",
    CommitState.SUCCESS: "success",
    CommitState.FAILURE: "failed",
    CommitState.ERROR: "failed",
}


class GitLabClient:
    name = "gitlab"
    batches_reviews = False

    def __init__(self, token: str, api_url: str = DEFAULT_API_URL, **http_options: Any) -> None:
        headers = {"PRIVATE-TOKEN": token} if token else {}
        self.http = HostHTTP(api_url, headers, **http_options)

    @staticmethod
    def _project(repo: str) -> str:
        return "/projects/" + quote(repo, safe="")

    def _mr(self, repo: str, number: int) -> str:
        return f"{self._project(repo)}/merge_requests/{number}"

    def get_pull_request(self, repo: str, number: int) -> PullRequest:
        data = self.http.get_json(self._mr(repo, number))
        refs = data.get("diff_refs") or {}
        if not refs.get("head_sha"):
            # GitLab computes diff_refs asynchronously right after a push.
            raise HostUnavailable(f"merge request !{number} has no diff_refs yet; retry shortly")
        project = self.http.get_json(self._project(repo))
        return PullRequest(
            number=int(data["iid"]),
            base_sha=refs["base_sha"],
            start_sha=refs.get("start_sha") or refs["base_sha"],
            head_sha=refs["head_sha"],
            base_ref=data["target_branch"],
            head_ref=data["source_branch"],
            clone_url=project["http_url_to_repo"],
            fetch_ref=f"refs/merge-requests/{number}/head",
            web_url=data.get("web_url") or "",
            state=data.get("state") or "opened",
            draft=bool(data.get("draft") or data.get("work_in_progress")),
        )

    def list_inline_comments(self, repo: str, number: int) -> list[PostedComment]:
        comments = []
        for discussion in self.http.paginate(
            f"{self._mr(repo, number)}/discussions", {"per_page": 100}
        ):
            notes = discussion.get("notes") or []
            if not notes or notes[0].get("type") != "DiffNote":
                continue
            first = notes[0]
            position = first.get("position") or {}
            comments.append(
                PostedComment(
                    id=str(first["id"]),
                    body=first.get("body") or "",
                    path=position.get("new_path"),
                    line=position.get("new_line"),
                    resolved=bool(first.get("resolved")),
                    thread_id=str(discussion["id"]),
                )
            )
        return comments

    def list_review_bodies(self, repo: str, number: int) -> list[str]:
        return [note.body for note in self.list_notes(repo, number)]

    def list_reactions(self, repo: str, number: int, comment: PostedComment) -> list[Reaction]:
        return [
            Reaction((a.get("user") or {}).get("username") or "", a.get("name") or "")
            for a in self.http.paginate(
                f"{self._mr(repo, number)}/notes/{comment.id}/award_emoji", {"per_page": 100}
            )
        ]

    def list_replies(self, repo: str, number: int) -> list[Reply]:
        replies = []
        for discussion in self.http.paginate(
            f"{self._mr(repo, number)}/discussions", {"per_page": 100}
        ):
            notes = discussion.get("notes") or []
            for note in notes[1:]:
                if not note.get("system"):
                    replies.append(Reply(str(note["id"]), str(notes[0]["id"]),
                                         note.get("body") or "",
                                         (note.get("author") or {}).get("username") or ""))
        return replies

    def post_review(
        self, repo: str, pr: PullRequest, body: str, comments: list[InlineComment]
    ) -> ReviewOutcome:
        outcome = ReviewOutcome()
        for comment in comments:
            try:
                self.http.request(
                    "POST",
                    f"{self._mr(repo, pr.number)}/discussions",
                    json={"body": comment.body, "position": _position(pr, comment)},
                )
            except HostError as exc:
                if exc.status == 400:  # "Note {:line_code=>[...]}": GitLab refused the anchor
                    outcome.rejected.append(comment)
                    continue
                raise
            outcome.posted += 1
        if body.strip():
            self.create_note(repo, pr.number, body)
        return outcome

    def mark_resolved(
        self, repo: str, number: int, comment: PostedComment, new_body: str
    ) -> bool:
        try:
            self.http.request("PUT", f"{self._mr(repo, number)}/notes/{comment.id}",
                              json={"body": new_body})
            if comment.thread_id:
                self.http.request(
                    "PUT",
                    f"{self._mr(repo, number)}/discussions/{comment.thread_id}",
                    params={"resolved": "true"},
                )
        except HostError as exc:
            if exc.status in (403, 404):
                return False
            raise
        return True

    def list_notes(self, repo: str, number: int) -> list[Note]:
        return [
            Note(id=str(n["id"]), body=n.get("body") or "")
            for n in self.http.paginate(
                f"{self._mr(repo, number)}/notes",
                {"per_page": 100, "sort": "asc", "order_by": "created_at"},
            )
            if not n.get("system") and n.get("type") is None
        ]

    def create_note(self, repo: str, number: int, body: str) -> Note:
        data = self.http.request(
            "POST", f"{self._mr(repo, number)}/notes", json={"body": body}
        ).json()
        return Note(id=str(data["id"]), body=data.get("body") or body)

    def update_note(self, repo: str, number: int, note_id: str, body: str) -> None:
        self.http.request("PUT", f"{self._mr(repo, number)}/notes/{note_id}", json={"body": body})

    def set_commit_status(
        self, repo: str, sha: str, state: CommitState, description: str, context: str
    ) -> None:
        self.http.request(
            "POST",
            f"{self._project(repo)}/statuses/{sha}",
            json={"state": _STATES[state], "name": context, "description": description[:255]},
        )


def _position(pr: PullRequest, comment: InlineComment) -> dict[str, Any]:
    """GitLab's text position: an added line takes only new_line, an unchanged line both
    new_line and old_line (GitLab rejects either otherwise)."""
    position: dict[str, Any] = {
        "position_type": "text",
        "base_sha": pr.base_sha,
        "start_sha": pr.start_sha,
        "head_sha": pr.head_sha,
        "old_path": comment.old_path or comment.path,
        "new_path": comment.path,
        "new_line": comment.line,
    }
    if comment.old_line is not None:
        position["old_line"] = comment.old_line
    return position
