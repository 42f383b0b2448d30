"""Where feedback lives: SQLAlchemy over a SQLite file (default) or PostgreSQL (by URL).

    REVIEWBOT_FEEDBACK_URL   sqlite:///path/feedback.sqlite3 or postgresql://user@host/db;
                             "off" turns feedback off; default
                             $XDG_DATA_HOME/reviewbot/feedback.sqlite3 (~/.local/share/…)

Three tables, created on first use (this store is the review bot's own, not the registry's
alembic-managed database):

- reviewbot_feedback_comments: one row per inline comment the bot posted, which makes it
  traceable to (host, repository, pull request, rule, path, lines, fingerprint, commit).
- reviewbot_feedback_signals: one row per signal on such a comment. `source` names where it
  came from (`user:+1`, the reply's id, `resolved`, `fixed`) and (comment, signal, source)
  is unique, so a redelivered webhook or a second read of the same reactions adds nothing.
- reviewbot_feedback_settings: each repository's `[feedback]` settings as of its latest
  review, so that `reviewbot stats` marks the rules the bot demotes there.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from reviewbot.feedback.signals import CommentSignals, RuleStats, Signal, rule_stats
from reviewbot.review.config import FeedbackConfig

metadata = MetaData()

comments = Table(
    "reviewbot_feedback_comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("host", String(16), nullable=False),
    Column("repo", String(255), nullable=False),
    Column("number", Integer, nullable=False),
    Column("comment_id", String(64), nullable=False),  # the host's id of the comment/note
    Column("thread_id", String(64)),  # GitLab discussion id
    Column("rule", String(128), nullable=False),
    Column("path", String(1024), nullable=False),
    Column("line", Integer, nullable=False),
    Column("end_line", Integer),
    Column("fingerprint", String(128), nullable=False),
    Column("commit_sha", String(64), nullable=False),  # the head the comment was posted on
    Column("posted_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("host", "repo", "comment_id", name="uq_reviewbot_feedback_comment"),
)

signals = Table(
    "reviewbot_feedback_signals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("comment", Integer, ForeignKey(comments.c.id, ondelete="CASCADE"), nullable=False,
           index=True),
    Column("signal", String(32), nullable=False),
    Column("source", String(255), nullable=False),
    Column("actor", String(255), nullable=False, default=""),
    Column("commit_sha", String(64)),
    Column("received_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("comment", "signal", "source", name="uq_reviewbot_feedback_signal"),
)


settings = Table(
    "reviewbot_feedback_settings",
    metadata,
    Column("host", String(16), primary_key=True),
    Column("repo", String(255), primary_key=True),
    Column("min_precision", Float, nullable=False),
    Column("min_votes", Integer, nullable=False),
    Column("keep_inline", Text, nullable=False, default=""),  # rule ids, one per line
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


class FeedbackStoreError(RuntimeError):
    """The feedback store URL cannot be used."""


def default_url(env: dict[str, str] | os._Environ[str] | None = None) -> str:
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return "sqlite:///" + os.path.join(base, "reviewbot", "feedback.sqlite3")


def feedback_url(env: Any = None) -> str | None:
    """REVIEWBOT_FEEDBACK_URL, the default SQLite file when unset, None when "off"."""
    env = os.environ if env is None else env
    url = (env.get("REVIEWBOT_FEEDBACK_URL") or "").strip()
    if url.lower() in ("off", "none", "0", "false"):
        return None
    return url or default_url(env)


def _engine(url: str) -> Engine:
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        # psycopg 3 is what the project installs; a bare URL would ask for psycopg2.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        target = url.split(":///", 1)[1] if ":///" in url else ""
        if target and target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # the service and CLI read while it writes
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    if not url.startswith("postgresql"):
        raise FeedbackStoreError(
            f"REVIEWBOT_FEEDBACK_URL {url.split('://')[0]}://… is not supported: use "
            "sqlite:///PATH or postgresql://USER@HOST/DB (or 'off')"
        )
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


@dataclass(frozen=True)
class PostedRecord:
    """What makes one inline comment traceable."""

    host: str
    repo: str
    number: int
    comment_id: str
    rule: str
    path: str
    line: int
    fingerprint: str
    commit_sha: str
    end_line: int | None = None
    thread_id: str | None = None
    key: int = 0  # the store's row id (0 before it is stored)


@dataclass(frozen=True)
class StoredSignal:
    signal: Signal
    source: str
    actor: str = ""
    commit_sha: str | None = None


def _now() -> datetime:
    return datetime.now(UTC)


class FeedbackStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)
        try:
            metadata.create_all(self.engine)
        except Exception as exc:
            self.engine.dispose()
            raise FeedbackStoreError(f"cannot open the feedback store: {exc}") from exc

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    # --- posted comments ---------------------------------------------------------------

    def record_comment(self, record: PostedRecord) -> bool:
        """Store one posted comment; False when it was already stored (idempotent)."""
        row = {k: v for k, v in record.__dict__.items() if k != "key"}
        return self._insert_once(comments, {**row, "posted_at": _now()})

    def _insert_once(self, table: Table, row: dict[str, Any]) -> bool:
        try:
            with self._begin() as connection:
                connection.execute(table.insert().values(**row))
        except IntegrityError:
            return False  # the unique constraint says it is there already
        return True

    def _rows(self, where: Any) -> list[PostedRecord]:
        with self.engine.connect() as connection:
            found = connection.execute(select(comments).where(where).order_by(comments.c.id))
            return [
                PostedRecord(r.host, r.repo, r.number, r.comment_id, r.rule, r.path, r.line,
                             r.fingerprint, r.commit_sha, r.end_line, r.thread_id, r.id)
                for r in found
            ]

    def comments_for(self, host: str, repo: str, number: int) -> list[PostedRecord]:
        return self._rows((comments.c.host == host) & (comments.c.repo == repo)
                          & (comments.c.number == number))

    def find(self, host: str, repo: str, comment_id: str = "",
             thread_id: str = "") -> PostedRecord | None:
        where = (comments.c.host == host) & (comments.c.repo == repo)
        if comment_id:
            where &= comments.c.comment_id == comment_id
        elif thread_id:
            where &= comments.c.thread_id == thread_id
        else:
            return None
        rows = self._rows(where)
        return rows[0] if rows else None

    # --- signals -------------------------------------------------------------------------

    def add_signal(self, comment: PostedRecord, signal: StoredSignal) -> bool:
        """Record one signal; False when the same one is already there."""
        return self._insert_once(signals, {
            "comment": comment.key, "signal": str(signal.signal), "source": signal.source,
            "actor": signal.actor, "commit_sha": signal.commit_sha, "received_at": _now(),
        })

    def remove_signal(self, comment: PostedRecord, signal: Signal, source: str) -> None:
        with self._begin() as connection:
            connection.execute(delete(signals).where(
                (signals.c.comment == comment.key) & (signals.c.signal == str(signal))
                & (signals.c.source == source)))

    def replace_votes(self, comment: PostedRecord, votes: Iterable[StoredSignal]) -> None:
        """The comment's reactions as read now replace the ones read before: a reviewer who
        took a 👎 back no longer counts against the rule."""
        kinds = [str(Signal.UPVOTE), str(Signal.DOWNVOTE)]
        with self._begin() as connection:
            connection.execute(delete(signals).where(
                (signals.c.comment == comment.key) & signals.c.signal.in_(kinds)))
            seen: set[tuple[str, str]] = set()
            for vote in votes:
                if (str(vote.signal), vote.source) in seen:
                    continue
                seen.add((str(vote.signal), vote.source))
                connection.execute(signals.insert().values(
                    comment=comment.key, signal=str(vote.signal), source=vote.source,
                    actor=vote.actor, commit_sha=vote.commit_sha, received_at=_now()))

    def signals_of(self, comment: PostedRecord) -> list[StoredSignal]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(signals).where(signals.c.comment == comment.key)
                                      .order_by(signals.c.id))
            return [StoredSignal(Signal(r.signal), r.source, r.actor, r.commit_sha)
                    for r in rows]

    # --- repository settings -------------------------------------------------------------

    def save_settings(self, host: str, repo: str, config: FeedbackConfig) -> None:
        with self._begin() as connection:
            connection.execute(delete(settings).where(
                (settings.c.host == host) & (settings.c.repo == repo)))
            connection.execute(settings.insert().values(
                host=host, repo=repo, min_precision=config.min_precision,
                min_votes=config.min_votes, keep_inline="\n".join(sorted(config.keep_inline)),
                updated_at=_now()))

    def settings_for(self, host: str, repo: str) -> FeedbackConfig | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(settings).where(
                (settings.c.host == host) & (settings.c.repo == repo))).first()
        if row is None:
            return None
        keep = frozenset(r for r in row.keep_inline.split("\n") if r)
        return FeedbackConfig(row.min_precision, row.min_votes, keep)

    # --- statistics ----------------------------------------------------------------------

    def stats(self, repo: str | None = None,
              host: str | None = None) -> dict[tuple[str, str], dict[str, RuleStats]]:
        """(host, repo) → rule → RuleStats, for one repository or all."""
        where = comments.c.id.is_not(None)
        if repo is not None:
            where &= comments.c.repo == repo
        if host is not None:
            where &= comments.c.host == host
        query = (select(comments.c.id, comments.c.host, comments.c.repo, comments.c.rule,
                        signals.c.signal)
                 .select_from(comments.outerjoin(signals, signals.c.comment == comments.c.id))
                 .where(where).order_by(comments.c.id))
        per_comment: dict[int, tuple[str, str, str, list[Signal]]] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                entry = per_comment.setdefault(row.id, (row.host, row.repo, row.rule, []))
                if row.signal is not None:
                    entry[3].append(Signal(row.signal))
        grouped: dict[tuple[str, str], list[CommentSignals]] = {}
        for host_name, repo_name, rule, found in per_comment.values():
            grouped.setdefault((host_name, repo_name), []).append(
                CommentSignals(rule, tuple(found)))
        return {key: rule_stats(items) for key, items in sorted(grouped.items())}
