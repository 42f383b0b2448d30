"""A strict fake of Gitea's REST API (served under /api/v1) for the calls the bot makes.

Written from Gitea's swagger: CreatePullReviewOptions (event, body, commit_id, comments with
path/body/new_position/old_position), review and review-comment listings, issue comments
(editing a code comment through /issues/comments/{id}, as Gitea allows for comment types
with content), commit statuses. Stricter than Gitea on one point, on purpose: a review
comment on a new-side line outside the diff is refused with 422.

Reviewer feedback, from the swagger's issueGetCommentReactions: `GET /repos/{owner}/{repo}/
issues/comments/{id}/reactions` (no query parameters; a list of {user, content,
created_at}), also for code comments. `react`, `reply` (a reviewer's own review with one
comment on the same line) and `resolve` (sets `resolver`) act as a person.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from werkzeug.wrappers import Request

from tests.fakes.base import FakeHost, FakePR, route
from tests.fakes.gitrepo import git
from tests.fakes.schema import F, check, check_query

USER = {"id": 9, "login": "reviewbot"}
REVIEW_COMMENT = {"path": F("string", True), "body": F("string", True),
                  "new_position": F("integer"), "old_position": F("integer")}
BODIES = {
    ("POST", "reviews"): {
        "event": F("string", False, ("APPROVED", "PENDING", "COMMENT", "REQUEST_CHANGES",
                                     "REQUEST_REVIEW")),
        "body": F("string"), "commit_id": F("string"),
        "comments": F("array", False, (), REVIEW_COMMENT),
    },
    ("POST", "comments"): {"body": F("string", True)},
    ("PATCH", "comment"): {"body": F("string", True)},
    ("POST", "statuses"): {
        "state": F("string", True, ("pending", "success", "error", "failure", "warning")),
        "target_url": F("string"), "description": F("string"), "context": F("string"),
    },
}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeGitea(FakeHost):
    name = "gitea"
    prefix = "/api/v1"

    def __init__(self, token: str = "test-token") -> None:
        super().__init__(token)
        self.reviews: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.code_comments: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.issue_comments: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.statuses: dict[str, list[dict[str, Any]]] = {}
        self.reactions: dict[int, list[dict[str, Any]]] = {}
        repo = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)"
        pull = repo + r"/pulls/(?P<index>\d+)"
        self.routes = [
            (*route("GET", repo + r"/issues/comments/(?P<cid>\d+)/reactions"),
             self.list_reactions),
            (*route("GET", pull), self.get_pull),
            (*route("GET", pull + "/reviews"), self.list_reviews),
            (*route("POST", pull + "/reviews"), self.create_review),
            (*route("GET", pull + r"/reviews/(?P<rid>\d+)/comments"), self.review_comments),
            (*route("GET", repo + r"/issues/(?P<index>\d+)/comments"), self.list_comments),
            (*route("POST", repo + r"/issues/(?P<index>\d+)/comments"), self.create_comment),
            (*route("PATCH", repo + r"/issues/comments/(?P<cid>\d+)"), self.edit_comment),
            (*route("POST", repo + r"/statuses/(?P<sha>[0-9a-f]{40})"), self.create_status),
        ]

    def authorized(self, request: Request) -> bool:
        return request.headers.get("Authorization") == f"token {self.token}"

    def validate(self, request: Request, path: str, query: dict[str, list[str]], body: Any,
                 has_body: bool) -> list[str]:
        where = f"{request.method} {path}"
        kind = path.rstrip("/").split("/")[-1]
        if request.method == "PATCH":
            kind = "comment"
        errors = []
        spec = BODIES.get((request.method, kind))
        if spec is not None:
            errors += check(where, body if has_body else {}, spec)
        if request.method == "GET":
            allowed = {} if path.endswith("/reactions") else {"page": "integer",
                                                              "limit": "integer"}
            errors += check_query(where, query, allowed)
        return errors

    def _pr(self, owner: str, name: str, index: str) -> FakePR | None:
        return self.prs.get((f"{owner}/{name}", int(index)))

    def _path(self, request: Request) -> str:
        return request.path[len(self.prefix):]

    def get_pull(self, owner: str, name: str, index: str, **_: Any) -> tuple[int, Any]:
        pr = self._pr(owner, name, index)
        if pr is None:
            return 404, {"message": "pull request does not exist"}
        repo = {"full_name": pr.repo.full_name, "clone_url": pr.repo.clone_url}
        head, base = self.head_sha(pr), self.base_sha(pr)
        return 200, {
            "id": 300 + pr.number, "number": pr.number, "state": pr.state, "title": pr.title,
            "draft": False,
            "html_url": f"https://gitea.example/{pr.repo.full_name}/pulls/{pr.number}",
            "head": {"ref": pr.head_ref, "sha": head, "repo": repo},
            "base": {"ref": pr.base_ref, "sha": base, "repo": repo},
            "merge_base": git(pr.repo.bare, "merge-base", base, head),
        }

    def list_reviews(self, owner: str, name: str, index: str, query: Any, request: Request,
                     **_: Any) -> tuple[int, Any, dict[str, str]]:
        items = self.reviews.get((f"{owner}/{name}", int(index)), [])
        chunk, headers = self.page(items, query, self._path(request), "limit", 50)
        return 200, chunk, headers

    def create_review(self, owner: str, name: str, index: str, body: dict[str, Any],
                      **_: Any) -> tuple[int, Any]:
        pr = self._pr(owner, name, index)
        if pr is None:
            return 404, {"message": "pull request does not exist"}
        comments = body.get("comments") or []
        event = body.get("event", "PENDING")
        if event == "COMMENT" and not comments and not (body.get("body") or "").strip():
            return 422, {"message": "review event COMMENT requires a body or a comment"}
        commit = body.get("commit_id") or self.head_sha(pr)
        anchors = self.anchors(pr, commit)
        for comment in comments:
            line = comment.get("new_position", 0)
            if comment.get("old_position", 0) or line not in anchors.get(comment["path"], {}):
                return 422, {"message": f"line {line} of {comment['path']} is not in the diff"}
        key = (f"{owner}/{name}", int(index))
        review = {"id": self.new_id(), "body": body.get("body") or "", "commit_id": commit,
                  "state": event, "comments_count": len(comments), "user": USER,
                  "submitted_at": _now()}
        self.reviews.setdefault(key, []).append(review)
        for comment in comments:
            self.code_comments.setdefault(key, []).append({
                "id": self.new_id(), "pull_request_review_id": review["id"],
                "body": comment["body"], "path": comment["path"],
                "position": comment["new_position"], "original_position": comment["new_position"],
                "commit_id": commit, "original_commit_id": commit, "resolver": None,
                "user": USER, "created_at": _now(),
            })
        return 200, review

    def review_comments(self, owner: str, name: str, index: str, rid: str,
                        **_: Any) -> tuple[int, Any]:
        key = (f"{owner}/{name}", int(index))
        return 200, [c for c in self.code_comments.get(key, [])
                     if c["pull_request_review_id"] == int(rid)]

    def list_comments(self, owner: str, name: str, index: str, query: Any, request: Request,
                      **_: Any) -> tuple[int, Any, dict[str, str]]:
        items = self.issue_comments.get((f"{owner}/{name}", int(index)), [])
        chunk, headers = self.page(items, query, self._path(request), "limit", 50)
        return 200, chunk, headers

    def create_comment(self, owner: str, name: str, index: str, body: dict[str, Any],
                       **_: Any) -> tuple[int, Any]:
        if self._pr(owner, name, index) is None:
            return 404, {"message": "issue does not exist"}
        comment = {"id": self.new_id(), "body": body["body"], "user": USER,
                   "created_at": _now(), "updated_at": _now()}
        self.issue_comments.setdefault((f"{owner}/{name}", int(index)), []).append(comment)
        return 201, comment

    def edit_comment(self, owner: str, name: str, cid: str, body: dict[str, Any],
                     **_: Any) -> tuple[int, Any]:
        for store in (self.issue_comments, self.code_comments):
            for (full_name, _), items in store.items():
                for item in items:
                    if full_name == f"{owner}/{name}" and item["id"] == int(cid):
                        item["body"] = body["body"]
                        return 200, item
        return 404, {"message": "comment does not exist"}

    def create_status(self, owner: str, name: str, sha: str, body: dict[str, Any],
                      **_: Any) -> tuple[int, Any]:
        status = {"id": self.new_id(), **body, "created_at": _now()}
        self.statuses.setdefault(sha, []).append(status)
        return 201, status

    def _comment(self, cid: int) -> dict[str, Any] | None:
        for store in (self.issue_comments, self.code_comments):
            for items in store.values():
                for item in items:
                    if item["id"] == cid:
                        return item
        return None

    def list_reactions(self, owner: str, name: str, cid: str, **_: Any) -> tuple[int, Any]:
        if self._comment(int(cid)) is None:
            return 404, {"message": "comment does not exist"}
        return 200, self.reactions.get(int(cid), [])

    # --- what a person does in the UI -------------------------------------------------------

    def react(self, comment_id: int, login: str, content: str) -> dict[str, Any]:
        reaction = {"user": {"id": abs(hash(login)) % 10**6, "login": login},
                    "content": content, "created_at": _now()}
        self.reactions.setdefault(comment_id, []).append(reaction)
        return reaction

    def reply(self, full_name: str, number: int, comment_id: int, login: str,
              body: str) -> dict[str, Any]:
        """Gitea stores a reply as a comment of the replier's own review on the same line."""
        parent = self._comment(comment_id)
        assert parent is not None
        user = {"id": 10, "login": login}
        review = {"id": self.new_id(), "body": "", "commit_id": parent["commit_id"],
                  "state": "COMMENT", "comments_count": 1, "user": user,
                  "submitted_at": _now()}
        self.reviews.setdefault((full_name, number), []).append(review)
        comment = {**parent, "id": self.new_id(), "pull_request_review_id": review["id"],
                   "body": body, "user": user, "created_at": _now()}
        self.code_comments.setdefault((full_name, number), []).append(comment)
        return comment

    def resolve(self, comment_id: int, login: str) -> None:
        comment = self._comment(comment_id)
        assert comment is not None
        comment["resolver"] = {"id": 10, "login": login}

    def inline(self, full_name: str, number: int) -> list[dict[str, Any]]:
        return self.code_comments.get((full_name, number), [])

    def notes(self, full_name: str, number: int) -> list[dict[str, Any]]:
        return self.issue_comments.get((full_name, number), [])

    def review_list(self, full_name: str, number: int) -> list[dict[str, Any]]:
        return self.reviews.get((full_name, number), [])
