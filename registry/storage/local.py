"""Blobs as files under one directory; writes go to a temporary file renamed into place."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from registry.core.errors import NotFound, StorageFull

PARTIAL_PREFIX, PARTIAL_SUFFIX = ".tmp-", ".part"
NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        parts = key.split("/")
        if not key or any(p in ("", ".", "..") for p in parts) or "\\" in key:
            raise ValueError(f"invalid blob key {key!r}")
        return self.root.joinpath(*parts)

    def put(self, key: str, stream: BinaryIO) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd, tmp = tempfile.mkstemp(
                dir=path.parent, prefix=PARTIAL_PREFIX, suffix=PARTIAL_SUFFIX
            )
        except OSError as exc:
            if exc.errno in NO_SPACE:
                raise _full(exc) from None
            raise
        try:
            with os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(stream, out, 1024 * 1024)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException as exc:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            if isinstance(exc, OSError) and exc.errno in NO_SPACE:
                raise _full(exc) from None
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise NotFound(f"blob {key!r} is missing from the store") from None

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise NotFound(f"blob {key!r} is missing from the store") from None

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            raise NotFound(f"blob {key!r} is missing from the store") from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()

    def keys(self) -> Iterator[str]:
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and not _is_partial(path):
                yield path.relative_to(self.root).as_posix()

    # --- leftovers of writes killed midway (kill -9, power loss) ---------------------------

    def partial_writes(self) -> list[str]:
        return [
            p.relative_to(self.root).as_posix()
            for p in sorted(self.root.rglob(PARTIAL_PREFIX + "*"))
            if _is_partial(p)
        ]

    def remove_partial_writes(self, older_than_seconds: float) -> list[str]:
        """Delete partial files nobody has written to for *older_than_seconds*: a write in
        progress (another worker, another process) keeps touching its file, so it is safe."""
        cutoff = time.time() - older_than_seconds
        removed: list[str] = []
        for relative in self.partial_writes():
            path = self.root / relative
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(relative)
        return removed

    def check_ready(self) -> None:
        if not self.root.is_dir():
            raise OSError(errno.ENOENT, "the blob directory is missing", str(self.root))
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise OSError(errno.EACCES, "the blob directory is not writable", str(self.root))


def _is_partial(path: Path) -> bool:
    return path.is_file() and path.name.startswith(PARTIAL_PREFIX) and path.name.endswith(
        PARTIAL_SUFFIX
    )


def _full(exc: OSError) -> StorageFull:
    return StorageFull(
        f"the blob store is full ({exc.strerror or 'no space left'}): nothing was stored; "
        "retry after the operator frees space"
    )
