"""Helpers: a local PEP 691 index (the registry the analyzer talks to) and changes built
from before/after texts."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field

SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


def wheel(name: str, version: str, yanked: bool | str = False, requires_python: str | None = None):  # type: ignore[no-untyped-def]
    entry = {
        "filename": f"{name.replace('-', '_')}-{version}-py3-none-any.whl",
        "url": f"../../files/x/{name}-{version}.whl",
        "hashes": {"sha256": "0" * 64},
        "yanked": yanked,
    }
    if requires_python is not None:
        entry["requires-python"] = requires_python
    return entry


@dataclass
class FakeIndex:
    """Pages by path; every request is recorded (path, Accept, Authorization)."""

    projects: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    status: int | None = None  # force every answer to this status
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    requests: list[tuple[str, str, str]] = field(default_factory=list)
    url: str = ""

    def answer(self, path: str) -> tuple[int, bytes]:
        if self.status is not None:
            return self.status, b"forced"
        prefix = "/team/simple/"
        if path == prefix:
            names = [{"name": n} for n in sorted(self.projects)]
            return 200, json.dumps({"meta": {"api-version": "1.1"}, "projects": names}).encode()
        if path.startswith(prefix) and path.endswith("/"):
            name = path[len(prefix) : -1]
            if name in self.projects:
                page = {"meta": {"api-version": "1.1"}, "name": name, "files": self.projects[name]}
                return 200, json.dumps(page).encode()
        return 404, b"not found"


def basic(token: str) -> str:
    return "Basic " + base64.b64encode(f"__token__:{token}".encode()).decode()


def make_change(files: dict[str, tuple[str | None, str]], config_texts=None):  # type: ignore[no-untyped-def]
    """A Change from {path: (old text or None for an added file, new text)}."""
    import difflib

    from reviewbot.review.change import Change
    from reviewbot.review.diff_parser import parse_diff

    parts = []
    for path, (old, new) in files.items():
        header = f"diff --git a/{path} b/{path}\n"
        if old is None:
            header += "new file mode 100644\n"
        body = difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            new.splitlines(keepends=True),
            "/dev/null" if old is None else f"a/{path}",
            f"b/{path}",
        )
        parts.append(header + "".join(body))
    change = Change(diff=parse_diff("".join(parts)), contents={p: n for p, (_, n) in files.items()})
    change.complete.update(files)
    change.config_texts.update(config_texts or {})
    return change
