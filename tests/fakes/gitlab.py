"""A strict fake of GitLab's REST API v4 for the calls the bot makes (served under /api/v4).

Written from GitLab's docs: merge requests (diff_refs), discussions (a diff thread needs a
`position` with base/start/head SHAs matching the merge request's diff, `new_line` for an
added line and both `new_line` and `old_line` for an unchanged one, else 400 with GitLab's
line_code message), notes, resolving a thread, commit statuses. Project ids must be
URL-encoded paths (`group%2Fproject`), as GitLab requires.

Reviewer feedback, from GitLab's emoji reactions and discussions docs: `GET
/projects/:id/merge_requests/:iid/notes/:note_id/award_emoji` (paginated, `name` is the
emoji's name such as `thumbsup`), replies as later notes of a discussion, `resolved` and
`resolved_by` on a resolvable note. `award`, `reply` and `resolve_thread` act as a person.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from werkzeug.wrappers import Request

from tests.fakes.base import FakeHost, FakePR, route
from tests.fakes.gitrepo import git
from tests.fakes.schema import F, check, check_query

AUTHOR = {"id": 77, "username": "reviewbot", "bot": True}
LINE_CODE_ERROR = {
    "message": "400 Bad request - Note {:line_code=>[\"can't be blank\", "
    "\"must be a valid line code\"]}"
}
POSITION = {
    "position_type": F("string", True, ("text", "image", "file")),
    "base_sha": F("string", True), "start_sha": F("string", True), "head_sha": F("string", True),
    "new_path": F("string"), "old_path": F("string"),
    "new_line": F("integer"), "old_line": F("integer"),
}
BODIES = {
    ("POST", "discussions"): {
        "body": F("string", True), "position": F("object", False, (), POSITION),
        "commit_id": F("string"), "created_at": F("string"),
    },
    ("POST", "notes"): {"body": F("string", True), "internal": F("boolean"),
                        "created_at": F("string"), "merge_request_diff_head_sha": F("string")},
    ("PUT", "note"): {"body": F("string", True)},
    ("POST", "statuses"): {
        "state": F("string", True, ("pending", "running", "success", "failed", "canceled",
                                    "skipped")),
        "name": F("string"), "context": F("string"), "ref": F("string"),
        "target_url": F("string"), "description": F("string"), "coverage": F("integer"),
        "pipeline_id": F("integer"),
    },
}
LIST_QUERY = {"page": "integer", "per_page": "integer", "sort": "asc|desc",
              "order_by": "created_at|updated_at"}
AWARD_QUERY = {"page": "integer", "per_page": "integer"}  # award emoji lists take only these


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


class FakeGitLab(FakeHost):
    name = "gitlab"
    prefix = "/api/v4"

    def __init__(self, token: str = "test-token") -> None:
        super().__init__(token)
        self.discussions: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.plain_notes: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.statuses: dict[str, list[dict[str, Any]]] = {}
        self.awards: dict[int, list[dict[str, Any]]] = {}  # note id → award emoji
        project = r"/projects/(?P<pid>[^/]+)"
        mr = project + r"/merge_requests/(?P<iid>\d+)"
        self.routes = [
            (*route("GET", mr + r"/notes/(?P<nid>\d+)/award_emoji"), self.list_awards),
            (*route("GET", project), self.get_project),
            (*route("GET", mr), self.get_mr),
            (*route("GET", mr + "/discussions"), self.list_discussions),
            (*route("POST", mr + "/discussions"), self.create_discussion),
            (*route("PUT", mr + r"/discussions/(?P<did>[0-9a-f]+)"), self.resolve_discussion),
            (*route("GET", mr + "/notes"), self.list_notes),
            (*route("POST", mr + "/notes"), self.create_note),
            (*route("PUT", mr + r"/notes/(?P<nid>\d+)"), self.edit_note),
            (*route("POST", project + r"/statuses/(?P<sha>[0-9a-f]{40})"), self.create_status),
        ]

    def pull_ref(self, number: int) -> str:
        return f"refs/merge-requests/{number}/head"

    def authorized(self, request: Request) -> bool:
        return request.headers.get("PRIVATE-TOKEN") == self.token

    def validate(self, request: Request, path: str, query: dict[str, list[str]], body: Any,
                 has_body: bool) -> list[str]:
        where = f"{request.method} {path}"
        segment = path.split("/")[2] if path.startswith("/projects/") else ""
        errors = []
        if segment and not segment.isdigit() and "%2F" not in segment.upper():
            errors.append(f"{where}: project id must be numeric or a URL-encoded path")
        kind = path.rstrip("/").split("/")[-1]
        if request.method == "PUT" and "/notes/" in path:
            kind = "note"
        spec = BODIES.get((request.method, kind))
        if spec is not None:
            errors += check(where, body if has_body else {}, spec)
        if request.method == "GET":
            errors += check_query(where, query,
                                  AWARD_QUERY if path.endswith("/award_emoji") else LIST_QUERY)
        if request.method == "PUT" and "/discussions/" in path:
            resolved = query.get("resolved", [None])[0]
            if isinstance(body, dict):
                resolved = body.get("resolved", resolved)
            if resolved not in ("true", "false", True, False):
                errors.append(f"{where}: resolved (boolean) is required")
        return errors

    # --- helpers ---------------------------------------------------------------------------

    def _mr(self, pid: str, iid: str) -> FakePR | None:
        return self.prs.get((unquote(pid), int(iid)))

    def diff_refs(self, pr: FakePR) -> dict[str, str]:
        head, target = self.head_sha(pr), self.base_sha(pr)
        return {"base_sha": git(pr.repo.bare, "merge-base", target, head),
                "start_sha": target, "head_sha": head}

    def _all_notes(self, key: tuple[str, int]) -> list[dict[str, Any]]:
        notes = [n for d in self.discussions.get(key, []) for n in d["notes"]]
        return sorted(notes + self.plain_notes.get(key, []), key=lambda n: n["id"])

    # --- handlers --------------------------------------------------------------------------

    def get_project(self, pid: str, **_: Any) -> tuple[int, Any]:
        repo = self.repos.get(unquote(pid))
        if repo is None:
            return 404, {"message": "404 Project Not Found"}
        return 200, {"id": 1, "path_with_namespace": repo.full_name,
                     "http_url_to_repo": repo.clone_url, "default_branch": "main"}

    def get_mr(self, pid: str, iid: str, **_: Any) -> tuple[int, Any]:
        pr = self._mr(pid, iid)
        if pr is None:
            return 404, {"message": "404 Not found"}
        return 200, {
            "id": 5000 + pr.number, "iid": pr.number, "project_id": 1, "title": pr.title,
            "state": "opened" if pr.state == "open" else pr.state, "draft": False,
            "web_url": f"https://gitlab.example/{pr.repo.full_name}/-/merge_requests/{pr.number}",
            "source_branch": pr.head_ref, "target_branch": pr.base_ref,
            "sha": self.head_sha(pr), "diff_refs": self.diff_refs(pr),
        }

    def list_discussions(self, pid: str, iid: str, query: Any, request: Request,
                         **_: Any) -> tuple[int, Any, dict[str, str]]:
        items = self.discussions.get((unquote(pid), int(iid)), [])
        chunk, headers = self.page(items, query, request.environ.get("RAW_URI", "").split("?")[0]
                                   [len(self.prefix):], default_size=20)
        return 200, chunk, headers

    def create_discussion(self, pid: str, iid: str, body: dict[str, Any],
                          **_: Any) -> tuple[int, Any]:
        pr = self._mr(pid, iid)
        if pr is None:
            return 404, {"message": "404 Not found"}
        position = body.get("position")
        if position is not None:
            refs = self.diff_refs(pr)
            if any(position[k] != refs[k] for k in ("base_sha", "start_sha", "head_sha")):
                return 400, LINE_CODE_ERROR
            lines = self.anchors(pr).get(position.get("new_path", ""), {})
            new_line, old_line = position.get("new_line"), position.get("old_line")
            if new_line not in lines or lines[new_line] != old_line:
                return 400, LINE_CODE_ERROR  # not in the diff, or old_line wrong/missing
        note = {
            "id": self.new_id(), "type": "DiffNote" if position else "DiscussionNote",
            "body": body["body"], "author": AUTHOR, "system": False, "created_at": _now(),
            "resolvable": True, "resolved": False, "position": position,
        }
        discussion = {"id": hashlib.sha1(str(note["id"]).encode()).hexdigest(),
                      "individual_note": False, "notes": [note]}
        self.discussions.setdefault((unquote(pid), int(iid)), []).append(discussion)
        return 201, discussion

    def resolve_discussion(self, pid: str, iid: str, did: str, query: Any, body: Any,
                           **_: Any) -> tuple[int, Any]:
        resolved = query.get("resolved", [None])[0]
        if isinstance(body, dict) and "resolved" in body:
            resolved = body["resolved"]
        for discussion in self.discussions.get((unquote(pid), int(iid)), []):
            if discussion["id"] == did:
                for note in discussion["notes"]:
                    note["resolved"] = resolved in ("true", True)
                return 200, discussion
        return 404, {"message": "404 Not found"}

    def list_notes(self, pid: str, iid: str, query: Any, request: Request,
                   **_: Any) -> tuple[int, Any, dict[str, str]]:
        items = self._all_notes((unquote(pid), int(iid)))
        if query.get("sort", ["desc"])[0] == "desc":
            items = list(reversed(items))
        chunk, headers = self.page(items, query, request.environ.get("RAW_URI", "").split("?")[0]
                                   [len(self.prefix):], default_size=20)
        return 200, chunk, headers

    def create_note(self, pid: str, iid: str, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        if self._mr(pid, iid) is None:
            return 404, {"message": "404 Not found"}
        note = {"id": self.new_id(), "type": None, "body": body["body"], "author": AUTHOR,
                "system": False, "created_at": _now(), "resolvable": False}
        self.plain_notes.setdefault((unquote(pid), int(iid)), []).append(note)
        return 201, note

    def edit_note(self, pid: str, iid: str, nid: str, body: dict[str, Any],
                  **_: Any) -> tuple[int, Any]:
        for note in self._all_notes((unquote(pid), int(iid))):
            if note["id"] == int(nid):
                note["body"] = body["body"]
                return 200, note
        return 404, {"message": "404 Not found"}

    def create_status(self, pid: str, sha: str, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        status = {"id": self.new_id(), "sha": sha, "status": body["state"],
                  "name": body.get("name") or body.get("context") or "default",
                  "description": body.get("description")}
        self.statuses.setdefault(sha, []).append(status)
        return 201, status

    def list_awards(self, pid: str, iid: str, nid: str, query: Any, request: Request,
                    **_: Any) -> tuple[int, Any, dict[str, str]]:
        if not any(n["id"] == int(nid) for n in self._all_notes((unquote(pid), int(iid)))):
            return 404, {"message": "404 Note Not Found"}, {}
        chunk, headers = self.page(self.awards.get(int(nid), []), query,
                                   request.environ.get("RAW_URI", "").split("?")[0]
                                   [len(self.prefix):], default_size=20)
        return 200, chunk, headers

    # --- what a person does in the UI -------------------------------------------------------

    def _discussion(self, full_name: str, number: int, note_id: int) -> dict[str, Any]:
        return next(d for d in self.discussions[(full_name, number)]
                    if d["notes"][0]["id"] == note_id)

    def award(self, note_id: int, username: str, name: str) -> dict[str, Any]:
        award = {"id": self.new_id(), "name": name,
                 "user": {"id": abs(hash(username)) % 10**6, "username": username},
                 "created_at": _now(), "updated_at": _now(), "awardable_id": note_id,
                 "awardable_type": "Note"}
        self.awards.setdefault(note_id, []).append(award)
        return award

    def reply(self, full_name: str, number: int, note_id: int, username: str,
              body: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """A reply in the discussion started by note `note_id`: (discussion, new note)."""
        discussion = self._discussion(full_name, number, note_id)
        first = discussion["notes"][0]
        note = {**first, "id": self.new_id(), "body": body, "created_at": _now(),
                "author": {"id": 8, "username": username}}
        discussion["notes"].append(note)
        return discussion, note

    def resolve_thread(self, full_name: str, number: int, note_id: int, username: str) -> None:
        for note in self._discussion(full_name, number, note_id)["notes"]:
            note.update(resolved=True, resolved_by={"id": 8, "username": username})

    # --- what tests look at ----------------------------------------------------------------

    def inline(self, full_name: str, number: int) -> list[dict[str, Any]]:
        return [d["notes"][0] for d in self.discussions.get((full_name, number), [])
                if d["notes"][0]["type"] == "DiffNote"]

    def notes(self, full_name: str, number: int) -> list[dict[str, Any]]:
        return self.plain_notes.get((full_name, number), [])
