"""What the three fake hosts share: a real HTTP server on a free port (werkzeug, in a
thread), token checks, a request log, injected failures (to test retries), pagination with
`Link` headers, and the diff oracle: which new-side lines a pull request's diff lets a
review comment anchor to, computed with git independently of the bot's own diff parser."""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from tests.fakes.gitrepo import HostedRepo, git

Handler = Callable[..., tuple[int, Any] | tuple[int, Any, dict[str, str]]]
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def diff_anchors(bare: Path, base: str, head: str) -> dict[str, dict[int, int | None]]:
    """Per new path: every new-side line inside a hunk → its old line (None if added)."""
    merge_base = git(bare, "merge-base", base, head)
    text = git(bare, "diff", "--no-color", "--find-renames", merge_base, head)
    result: dict[str, dict[int, int | None]] = {}
    lines = text.split("\n")
    i, path = 0, None
    while i < len(lines):
        line = lines[i]
        if line.startswith("+++ "):
            path = line[6:] if line.startswith("+++ b/") else None
            if path is not None:
                result.setdefault(path, {})
        match = _HUNK.match(line)
        if match and path is not None:
            old, new = int(match.group(1)), int(match.group(3))
            old_left = int(match.group(2) or 1)
            new_left = int(match.group(4) or 1)
            i += 1
            while i < len(lines) and (old_left or new_left):
                body = lines[i]
                if body.startswith("\\"):
                    i += 1
                    continue
                if body.startswith("+"):
                    result[path][new] = None
                    new, new_left = new + 1, new_left - 1
                elif body.startswith("-"):
                    old, old_left = old + 1, old_left - 1
                else:
                    result[path][new] = old
                    new, old = new + 1, old + 1
                    new_left, old_left = new_left - 1, old_left - 1
                i += 1
            continue
        i += 1
    return result


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@dataclass
class FakePR:
    repo: HostedRepo
    number: int
    base_ref: str
    head_ref: str
    state: str = "open"
    title: str = "A change"


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    status: int = 0


@dataclass
class Injected:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    match: str = ""  # only requests whose "METHOD path" contains this


class FakeHost:
    """Subclasses set `prefix` and fill `self.routes` with (METHOD, regex, handler)."""

    name = "fake"
    prefix = ""

    def __init__(self, token: str = "test-token") -> None:
        self.token = token
        self.repos: dict[str, HostedRepo] = {}
        self.prs: dict[tuple[str, int], FakePR] = {}
        self.requests: list[Recorded] = []
        self.violations: list[str] = []
        self.injected: list[Injected] = []
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.ids = itertools.count(1001)
        self.lock = threading.RLock()
        self.max_per_page = 100
        self._server: Any = None
        self.base_url = ""

    # --- test set-up ---------------------------------------------------------------------

    def add_repo(self, repo: HostedRepo) -> HostedRepo:
        self.repos[repo.full_name] = repo
        return repo

    def open_pr(self, repo: HostedRepo, number: int, base_ref: str, head_ref: str) -> FakePR:
        pr = FakePR(repo, number, base_ref, head_ref)
        self.prs[(repo.full_name, number)] = pr
        self.sync(repo.full_name, number)
        return pr

    def pull_ref(self, number: int) -> str:
        return f"refs/pull/{number}/head"

    def sync(self, full_name: str, number: int) -> str:
        """What a host does on push: point the pull request's ref at the head branch."""
        pr = self.prs[(full_name, number)]
        head = pr.repo.rev(f"refs/heads/{pr.head_ref}")
        git(pr.repo.bare, "update-ref", self.pull_ref(number), head)
        return head

    def inject(self, status: int, body: Any = None, headers: dict[str, str] | None = None,
               match: str = "", times: int = 1) -> None:
        for _ in range(times):
            self.injected.append(Injected(status, body, headers or {}, match))

    def pr(self, full_name: str, number: int) -> FakePR:
        return self.prs[(full_name, number)]

    def head_sha(self, pr: FakePR) -> str:
        return pr.repo.rev(f"refs/heads/{pr.head_ref}")

    def base_sha(self, pr: FakePR) -> str:
        return pr.repo.rev(f"refs/heads/{pr.base_ref}")

    def anchors(self, pr: FakePR, head: str | None = None) -> dict[str, dict[int, int | None]]:
        return diff_anchors(pr.repo.bare, self.base_sha(pr), head or self.head_sha(pr))

    def new_id(self) -> int:
        return next(self.ids)

    # --- serving -------------------------------------------------------------------------

    def start(self) -> str:
        self._server = make_server(
            "127.0.0.1", 0, self.wsgi, threaded=True, request_handler=_Quiet
        )
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        self.base_url = f"http://127.0.0.1:{self._server.server_port}{self.prefix}"
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or request.full_path
        raw_path, _, raw_query = raw.partition("?")
        query = parse_qs(raw_query, keep_blank_values=True)
        data = request.get_data()
        body: Any = None
        if data:
            try:
                body = json.loads(data)
            except ValueError:
                body = data.decode("utf-8", "replace")
        record = Recorded(request.method, raw_path, query, body)
        with self.lock:
            self.requests.append(record)
            status, payload, headers = self.handle(request, raw_path, query, body, bool(data))
        record.status = status
        text = "" if payload is None else json.dumps(payload)
        response = Response(text, status=status, mimetype="application/json", headers=headers)
        return response(environ, start_response)

    def handle(
        self, request: Request, raw_path: str, query: dict[str, list[str]], body: Any,
        has_body: bool,
    ) -> tuple[int, Any, dict[str, str]]:
        if not raw_path.startswith(self.prefix):
            return 404, {"message": "Not Found"}, {}
        path = raw_path[len(self.prefix):]
        if not self.authorized(request):
            return 401, {"message": "Bad credentials"}, {}
        for index, injected in enumerate(self.injected):
            if injected.match in f"{request.method} {path}":
                del self.injected[index]
                return injected.status, injected.body, injected.headers
        problem = self.validate(request, path, query, body, has_body)
        if problem:
            self.violations.extend(problem)
            return 400, {"message": "fake host: request violates the API description",
                         "errors": problem}, {}
        for method, pattern, handler in self.routes:
            match = pattern.fullmatch(path)
            if match and method == request.method:
                result = handler(request=request, query=query, body=body, **match.groupdict())
                status, payload = result[0], result[1]
                headers = result[2] if len(result) == 3 else {}
                return status, payload, headers
        self.violations.append(f"{request.method} {path}: not implemented by the fake")
        return 404, {"message": "Not Found"}, {}

    def authorized(self, request: Request) -> bool:
        raise NotImplementedError

    def validate(self, request: Request, path: str, query: dict[str, list[str]], body: Any,
                 has_body: bool) -> list[str]:
        return []

    def page(
        self, items: list[Any], query: dict[str, list[str]], path: str,
        size_param: str = "per_page", default_size: int = 30,
    ) -> tuple[list[Any], dict[str, str]]:
        """One page of `items` and the `Link` header to the next one, like all three hosts."""
        size = min(int(query.get(size_param, [default_size])[0]), self.max_per_page)
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * size: page * size]
        headers = {"X-Total-Count": str(len(items))}
        if page * size < len(items):
            params = {k: v[0] for k, v in query.items()}
            params.update({"page": str(page + 1), size_param: str(size)})
            url = f"{self.base_url}{path}?{urlencode(params)}"
            headers["Link"] = f'<{url}>; rel="next"'
            headers["X-Next-Page"] = str(page + 1)
        return chunk, headers


def route(method: str, pattern: str) -> tuple[str, re.Pattern[str]]:
    return method, re.compile(pattern)
