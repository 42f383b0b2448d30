"""A host-wide write generation: a counter every committed write transaction increments.

Workers keep answers they have just computed (web/hot_path.py) and reuse them only while
this counter has not moved, so a change committed by any process on the host (a worker, the
CLI) is seen by the next request of every worker without a database round trip. The counter
sits in an 8-byte file mapped into each process: reading it costs a memory load, a bump a
file lock. It is only ever incremented after the transaction's commit, so a reader that saw
the old value and then the database's old state can never keep that state past the bump.

Writes from other hosts sharing the database do not move this host's counter: readers bound
that case by revalidating at least every few seconds (``Settings.hot_path_seconds``).
"""

from __future__ import annotations

import contextlib
import fcntl
import mmap
import os
import struct
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

_COUNTER = struct.Struct("<Q")
_INFO_KEY = "codeyard_generation"
_WROTE = "codeyard_wrote"
_CONNECTIONS = "codeyard_connections"
_DML = ("INSERT", "UPDATE", "DELETE", "REPLAC", "UPSERT")


class Generation:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if os.fstat(fd).st_size < _COUNTER.size:
                with _locked(fd):
                    if os.fstat(fd).st_size < _COUNTER.size:
                        os.ftruncate(fd, _COUNTER.size)
            self._map = mmap.mmap(fd, _COUNTER.size)
        finally:
            os.close(fd)  # the mapping keeps the file
        self.path = path

    def current(self) -> int:
        return _COUNTER.unpack_from(self._map, 0)[0]

    def bump(self) -> None:
        fd = os.open(self.path, os.O_RDWR)
        try:
            with _locked(fd):
                _COUNTER.pack_into(self._map, 0, self.current() + 1)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _locked(fd: int) -> Any:
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def track(sessions: sessionmaker[Session], generation: Generation | None) -> sessionmaker[Session]:
    """Make every session of ``sessions`` bump ``generation`` after a commit that wrote."""
    if generation is not None:
        sessions.kw.setdefault("info", {})[_INFO_KEY] = generation
    return sessions


def generation_of(session: Session) -> Generation | None:
    return session.info.get(_INFO_KEY)


# Whether a transaction wrote is seen on its connections (every statement, ORM flush or
# Core, passes before_cursor_execute), and acted on by the session once the commit is done.
@event.listens_for(Session, "after_begin")
def _remember_connection(session: Session, _tx: SessionTransaction, conn: Connection) -> None:
    if _INFO_KEY in session.info:
        session.info.setdefault(_CONNECTIONS, []).append(conn)


@event.listens_for(Engine, "before_cursor_execute")
def _mark_writes(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
    if statement.lstrip()[:6].upper() in _DML:
        conn.info[_WROTE] = True


@event.listens_for(Session, "before_commit")
def _collect(session: Session) -> None:
    for conn in session.info.get(_CONNECTIONS, ()):
        if conn.info.pop(_WROTE, False):
            session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
def _bump(session: Session) -> None:
    session.info.pop(_CONNECTIONS, None)
    generation = session.info.get(_INFO_KEY)
    if session.info.pop(_WROTE, False) and generation is not None:
        generation.bump()


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    for conn in session.info.pop(_CONNECTIONS, ()):
        conn.info.pop(_WROTE, None)
    session.info.pop(_WROTE, None)
