"""A strict fake of GitHub's REST API (served under /api/v3, as GitHub Enterprise does).

Every request is checked against GitHub's own REST description (@octokit/openapi): method,
path template, path and query parameters, JSON body (required fields, types, enums). A
request GitHub would not understand is answered 400 and recorded in `violations`, which
every test asserts empty. Review semantics follow GitHub's docs: a review comment must sit on
a RIGHT-side line inside a hunk of the pull request's diff at `commit_id` (a multi-line
comment's `start_line` in the same hunk), or the whole review is refused with 422.

Reviewer feedback: `react`, `reply` and `resolve_thread` do what a person does in GitHub's
UI; the bot reads reactions with `GET /repos/{owner}/{repo}/pulls/comments/{comment_id}/
reactions`, checked against the same REST description as every other call.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from werkzeug.wrappers import Request

from tests.fakes.base import FakeHost, FakePR, route
from tests.fakes.npm_fixtures import github_openapi
from tests.fakes.openapi import GitHubSpec

API_VERSION = "2022-11-28"
BOT = {"login": "reviewbot[bot]", "id": 4242, "type": "Bot"}
UNPROCESSABLE = {
    "message": "Unprocessable Entity",
    "errors": ["Line could not be resolved"],
    "documentation_url": "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
    "status": "422",
}


@cache
def spec() -> GitHubSpec:
    return GitHubSpec(github_openapi())


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeGitHub(FakeHost):
    name = "github"
    prefix = "/api/v3"

    def __init__(self, token: str = "test-token") -> None:
        super().__init__(token)
        self.spec = spec()
        self.review_comments: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.reviews: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.issue_comments: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.statuses: dict[str, list[dict[str, Any]]] = {}
        self.reactions: dict[int, list[dict[str, Any]]] = {}  # review comment id → reactions
        repo = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)"
        self.routes = [
            (*route("GET", repo + r"/pulls/comments/(?P<cid>\d+)/reactions"),
             self.list_reactions),
            (*route("GET", repo + r"/pulls/(?P<number>\d+)"), self.get_pull),
            (*route("GET", repo + r"/pulls/(?P<number>\d+)/comments"), self.list_review_comments),
            (*route("GET", repo + r"/pulls/(?P<number>\d+)/reviews"), self.list_reviews),
            (*route("POST", repo + r"/pulls/(?P<number>\d+)/reviews"), self.create_review),
            (*route("PATCH", repo + r"/pulls/comments/(?P<cid>\d+)"), self.edit_review_comment),
            (*route("GET", repo + r"/issues/(?P<number>\d+)/comments"), self.list_issue_comments),
            (*route("POST", repo + r"/issues/(?P<number>\d+)/comments"), self.create_issue_comment),
            (*route("PATCH", repo + r"/issues/comments/(?P<cid>\d+)"), self.edit_issue_comment),
            (*route("POST", repo + r"/statuses/(?P<sha>[0-9a-f]{40})"), self.create_status),
        ]

    def authorized(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        return header in (f"Bearer {self.token}", f"token {self.token}")

    def validate(self, request: Request, path: str, query: dict[str, list[str]], body: Any,
                 has_body: bool) -> list[str]:
        _, errors = self.spec.check(request.method, path, query, body, has_body)
        accept = request.headers.get("Accept", "")
        if "application/vnd.github" not in accept and "application/json" not in accept:
            errors.append(f"Accept header {accept!r}: GitHub asks for application/vnd.github+json")
        version = request.headers.get("X-GitHub-Api-Version")
        if version is not None and version != API_VERSION:
            errors.append(f"X-GitHub-Api-Version {version!r} is not a supported version")
        return errors

    # --- helpers ---------------------------------------------------------------------------

    def _pr(self, owner: str, name: str, number: str) -> FakePR | None:
        return self.prs.get((f"{owner}/{name}", int(number)))

    def _repo_json(self, pr: FakePR) -> dict[str, Any]:
        owner, name = pr.repo.full_name.split("/")
        return {"full_name": pr.repo.full_name, "name": name, "owner": {"login": owner},
                "clone_url": pr.repo.clone_url, "default_branch": "main"}

    def pull_json(self, pr: FakePR) -> dict[str, Any]:
        return {
            "url": f"{self.base_url}/repos/{pr.repo.full_name}/pulls/{pr.number}",
            "html_url": f"https://github.example/{pr.repo.full_name}/pull/{pr.number}",
            "number": pr.number, "state": pr.state, "draft": False, "title": pr.title,
            "head": {"ref": pr.head_ref, "sha": self.head_sha(pr), "repo": self._repo_json(pr)},
            "base": {"ref": pr.base_ref, "sha": self.base_sha(pr), "repo": self._repo_json(pr)},
        }

    # --- handlers --------------------------------------------------------------------------

    def get_pull(self, owner: str, name: str, number: str, **_: Any) -> tuple[int, Any]:
        pr = self._pr(owner, name, number)
        return (200, self.pull_json(pr)) if pr else (404, {"message": "Not Found"})

    def list_review_comments(self, owner: str, name: str, number: str, query: Any,
                             request: Request, **_: Any) -> tuple[int, Any, dict[str, str]]:
        items = self.review_comments.get((f"{owner}/{name}", int(number)), [])
        chunk, headers = self.page(items, query, request.path[len(self.prefix):])
        return 200, chunk, headers

    def list_reviews(self, owner: str, name: str, number: str, query: Any,
                     request: Request, **_: Any) -> tuple[int, Any, dict[str, str]]:
        items = self.reviews.get((f"{owner}/{name}", int(number)), [])
        chunk, headers = self.page(items, query, request.path[len(self.prefix):])
        return 200, chunk, headers

    def create_review(self, owner: str, name: str, number: str, body: dict[str, Any],
                      **_: Any) -> tuple[int, Any]:
        pr = self._pr(owner, name, number)
        if pr is None:
            return 404, {"message": "Not Found"}
        commit = body.get("commit_id") or self.head_sha(pr)
        try:
            pr.repo.rev(f"{commit}^{{commit}}")
        except RuntimeError:
            return 422, {"message": "Unprocessable Entity",
                         "errors": ["commit_id is not part of the pull request"]}
        comments = body.get("comments") or []
        event = body.get("event")
        if event in ("COMMENT", "REQUEST_CHANGES") and not (body.get("body") or "").strip():
            return 422, {"message": "Unprocessable Entity",
                         "errors": ["Body is required for COMMENT and REQUEST_CHANGES reviews"]}
        anchors = self.anchors(pr, commit)
        for comment in comments:
            if "position" in comment or comment.get("side", "RIGHT") != "RIGHT":
                self.violations.append("the bot should anchor with line/side=RIGHT")
                return 422, UNPROCESSABLE
            lines = anchors.get(comment["path"], {})
            line = comment.get("line")
            start = comment.get("start_line")
            if line not in lines:
                return 422, UNPROCESSABLE
            if start is not None and (
                start >= line or any(n not in lines for n in range(start, line + 1))
            ):
                return 422, {**UNPROCESSABLE,
                             "errors": ["start_line must be part of the same hunk as the line."]}
        key = (f"{owner}/{name}", int(number))
        review = {"id": self.new_id(), "user": BOT, "body": body.get("body") or "",
                  "state": "COMMENTED" if event else "PENDING", "commit_id": commit,
                  "submitted_at": _now()}
        self.reviews.setdefault(key, []).append(review)
        for comment in comments:
            self.review_comments.setdefault(key, []).append({
                "id": self.new_id(), "pull_request_review_id": review["id"],
                "path": comment["path"], "line": comment["line"], "original_line": comment["line"],
                "side": "RIGHT", "start_line": comment.get("start_line"),
                "start_side": comment.get("start_side"), "commit_id": commit,
                "original_commit_id": commit, "body": comment["body"], "user": BOT,
                "subject_type": "line", "created_at": _now(), "updated_at": _now(),
            })
        return 200, review

    def _find(self, store: dict[Any, list[dict[str, Any]]], owner: str, name: str,
              cid: str) -> dict[str, Any] | None:
        for (full_name, _), items in store.items():
            if full_name == f"{owner}/{name}":
                for item in items:
                    if item["id"] == int(cid):
                        return item
        return None

    def edit_review_comment(self, owner: str, name: str, cid: str, body: dict[str, Any],
                            **_: Any) -> tuple[int, Any]:
        comment = self._find(self.review_comments, owner, name, cid)
        if comment is None:
            return 404, {"message": "Not Found"}
        comment.update(body=body["body"], updated_at=_now())
        return 200, comment

    def list_issue_comments(self, owner: str, name: str, number: str, query: Any,
                            request: Request, **_: Any) -> tuple[int, Any, dict[str, str]]:
        items = self.issue_comments.get((f"{owner}/{name}", int(number)), [])
        chunk, headers = self.page(items, query, request.path[len(self.prefix):])
        return 200, chunk, headers

    def create_issue_comment(self, owner: str, name: str, number: str, body: dict[str, Any],
                             **_: Any) -> tuple[int, Any]:
        if self._pr(owner, name, number) is None:
            return 404, {"message": "Not Found"}
        comment = {"id": self.new_id(), "body": body["body"], "user": BOT,
                   "created_at": _now(), "updated_at": _now()}
        self.issue_comments.setdefault((f"{owner}/{name}", int(number)), []).append(comment)
        return 201, comment

    def edit_issue_comment(self, owner: str, name: str, cid: str, body: dict[str, Any],
                           **_: Any) -> tuple[int, Any]:
        comment = self._find(self.issue_comments, owner, name, cid)
        if comment is None:
            return 404, {"message": "Not Found"}
        comment.update(body=body["body"], updated_at=_now())
        return 200, comment

    def create_status(self, owner: str, name: str, sha: str, body: dict[str, Any],
                      **_: Any) -> tuple[int, Any]:
        status = {"id": self.new_id(), **body, "created_at": _now()}
        self.statuses.setdefault(sha, []).append(status)
        return 201, status

    def list_reactions(self, owner: str, name: str, cid: str, query: Any, request: Request,
                       **_: Any) -> tuple[int, Any, dict[str, str]]:
        if self._find(self.review_comments, owner, name, cid) is None:
            return 404, {"message": "Not Found"}, {}
        items = self.reactions.get(int(cid), [])
        content = query.get("content", [None])[0]
        if content is not None:
            items = [r for r in items if r["content"] == content]
        chunk, headers = self.page(items, query, request.path[len(self.prefix):])
        return 200, chunk, headers

    # --- what a person does in the UI -------------------------------------------------------

    def react(self, comment_id: int, login: str, content: str) -> dict[str, Any]:
        reaction = {"id": self.new_id(), "node_id": f"REA_{comment_id}_{login}",
                    "user": {"login": login, "id": abs(hash(login)) % 10**6, "type": "User"},
                    "content": content, "created_at": _now()}
        self.reactions.setdefault(comment_id, []).append(reaction)
        return reaction

    def reply(self, full_name: str, number: int, comment_id: int, login: str,
              body: str) -> dict[str, Any]:
        """A reply in the thread of review comment `comment_id` (GitHub sets
        `in_reply_to_id` to the thread's first comment)."""
        parent = next(c for c in self.review_comments[(full_name, number)]
                      if c["id"] == comment_id)
        comment = {**parent, "id": self.new_id(), "in_reply_to_id": comment_id, "body": body,
                   "user": {"login": login, "id": 7, "type": "User"},
                   "created_at": _now(), "updated_at": _now()}
        self.review_comments[(full_name, number)].append(comment)
        return comment

    def thread_comments(self, full_name: str, number: int,
                        comment_id: int) -> list[dict[str, Any]]:
        return [c for c in self.review_comments[(full_name, number)]
                if comment_id in (c["id"], c.get("in_reply_to_id"))]

    # --- what tests look at ----------------------------------------------------------------

    def inline(self, full_name: str, number: int) -> list[dict[str, Any]]:
        return self.review_comments.get((full_name, number), [])

    def notes(self, full_name: str, number: int) -> list[dict[str, Any]]:
        return self.issue_comments.get((full_name, number), [])

    def review_list(self, full_name: str, number: int) -> list[dict[str, Any]]:
        return self.reviews.get((full_name, number), [])
