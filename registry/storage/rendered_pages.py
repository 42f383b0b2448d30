"""Rendered simple pages on local disk, shared by every worker process on the host.

A page is stored under the change-serial key it was rendered from (registry.db.serials):
``<root>/<repository>/<page>/<key>.<kind>.json`` describes it (ETag tag, body file, size,
and the external-index pages it merged, whose TTLs bound its life) and the body sits next to
it, written once and never changed, so it can be sent with ``sendfile`` or handed to nginx
(``X-Accel-Redirect``). Nothing is ever rewritten in place: a new key means new files, and
superseded ones are removed a while later (a reader may still be sending them).

Bodies are only ever looked up by a repository whose access the caller has already
checked, and every repository has its own directory, so a cached body never crosses an
authorization boundary.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

INDEX_PAGE = "-index"  # cannot collide with a normalized project name (those start alnum)
# Bodies superseded for longer than this are deleted; a worker still sending one has long
# opened it (an open file survives its unlink; nginx opens it right after the redirect).
SUPERSEDED_GRACE_SECONDS = 60.0
_SAFE_PAGE = re.compile(r"^(-index|[a-z0-9]([a-z0-9-]*[a-z0-9])?)$")
_SAFE_REPOSITORY = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")


@dataclass(frozen=True)
class ExternalInput:
    """An external-index page a rendered page merged: ``remote_pages.key_hash``, when that
    cached copy was fetched, and the connection's TTL."""

    key_hash: str
    fetched_at: float
    ttl: float


@dataclass(frozen=True)
class RenderedPage:
    tag: str  # what the ETag is made from: the serial key (+ the external pages' fetch times)
    path: Path  # the body
    relative: str  # the body's path below the store's root, for X-Accel-Redirect
    size: int
    externals: tuple[ExternalInput, ...] = ()


class RenderedPageStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @staticmethod
    def cacheable(repository: str, page: str) -> bool:
        return bool(_SAFE_REPOSITORY.match(repository) and _SAFE_PAGE.match(page))

    def _dir(self, repository: str, page: str) -> Path:
        if not self.cacheable(repository, page):
            raise ValueError(f"not a cacheable page: {repository!r} {page!r}")
        return self.root / repository / page

    def get(self, repository: str, page: str, kind: str, key: str) -> RenderedPage | None:
        """The page rendered under ``key``, or None (never rendered, or its files are gone)."""
        directory = self._dir(repository, page)
        try:
            meta = json.loads((directory / f"{key}.{kind}.json").read_bytes())
            path = directory / meta["body"]
            if path.stat().st_size != meta["size"]:
                return None  # a body cut short (crash before the data reached the disk)
        except (OSError, ValueError, KeyError):
            return None
        externals = tuple(ExternalInput(*item) for item in meta.get("externals", ()))
        return RenderedPage(
            meta["tag"], path, f"{repository}/{page}/{meta['body']}", meta["size"], externals
        )

    def put(
        self,
        repository: str,
        page: str,
        kind: str,
        key: str,
        tag: str,
        body: bytes,
        externals: tuple[ExternalInput, ...] = (),
    ) -> RenderedPage:
        directory = self._dir(repository, page)
        directory.mkdir(parents=True, exist_ok=True)
        body_name = f"{tag}.{kind}"
        self._write(directory / body_name, body)
        meta = {
            "tag": tag,
            "body": body_name,
            "size": len(body),
            "externals": [[e.key_hash, e.fetched_at, e.ttl] for e in externals],
        }
        self._write(directory / f"{key}.{kind}.json", json.dumps(meta).encode())
        self._remove_superseded(directory, kind, keep={body_name, f"{key}.{kind}.json"})
        return RenderedPage(
            tag, directory / body_name, f"{repository}/{page}/{body_name}", len(body), externals
        )

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        # Written whole under a temporary name, then renamed: a reader sees all or nothing.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)  # nginx, a different user, may serve it
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    @staticmethod
    def _remove_superseded(directory: Path, kind: str, keep: set[str]) -> None:
        """Older renderings of this representation (the other one has its own life) and
        temporary files a crash left behind."""
        cutoff = time.time() - SUPERSEDED_GRACE_SECONDS
        mine = (f".{kind}", f".{kind}.json")
        with contextlib.suppress(FileNotFoundError), os.scandir(directory) as entries:
            for entry in entries:
                if entry.name in keep:
                    continue
                if not (entry.name.endswith(mine) or entry.name.startswith(".tmp-")):
                    continue
                with contextlib.suppress(FileNotFoundError):
                    if entry.stat().st_mtime < cutoff:
                        os.unlink(entry.path)
