"""The sticky-summary calls shared by GitHub and Gitea: Gitea's issue-comments API mirrors
GitHub's (same paths, same bodies), so one mixin serves both clients."""

from __future__ import annotations

from typing import Any

from reviewbot.hosts.base import Note
from reviewbot.hosts.http import HostHTTP


class IssueCommentNotes:
    http: HostHTTP
    page: dict[str, Any]  # the host's pagination parameters for list calls

    def list_notes(self, repo: str, number: int) -> list[Note]:
        return [
            Note(id=str(c["id"]), body=c.get("body") or "")
            for c in self.http.paginate(f"/repos/{repo}/issues/{number}/comments", self.page)
        ]

    def create_note(self, repo: str, number: int, body: str) -> Note:
        data = self.http.request(
            "POST", f"/repos/{repo}/issues/{number}/comments", json={"body": body}
        ).json()
        return Note(id=str(data["id"]), body=data.get("body") or body)

    def update_note(self, repo: str, number: int, note_id: str, body: str) -> None:
        self.http.request("PATCH", f"/repos/{repo}/issues/comments/{note_id}", json={"body": body})
