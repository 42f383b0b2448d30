"""Change serials: the version of every rendered simple page, kept in the database.

A rendered page is only valid for the database state it was rendered from. Rather than
deleting cached pages when something changes (and racing the workers that render them),
every change that alters what a page shows bumps a counter in the same transaction, and a
cached page is found under a key made from the counters it depends on: a page rendered
before the change is never found again.

- ``(repository, project)``: a project's files, releases, yanks, statuses and origin
  controls in that repository. A repository's project page also shows its upstreams' files,
  so its key takes the counters of *every* repository for that project name (a few rows).
- ``(repository, "")``: the repository's list of projects (its root page).
- ``("", "")``: the upstream graph and the external connections, which decide where every
  page's files come from.

Rows are keyed by names, never deleted, and only ever incremented, so a key never repeats.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from registry.db.models import ChangeSerialRow

LISTING = ""  # the project column of a repository's project-list row
CONFIGURATION = ("", "")


def bump(session: Session, repository: str, project: str = LISTING) -> None:
    """Count one change to a page's inputs (in the caller's transaction)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(ChangeSerialRow).values(repository=repository, project=project, serial=1)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[ChangeSerialRow.repository, ChangeSerialRow.project],
            set_={"serial": ChangeSerialRow.serial + 1},
        )
    )


def bump_configuration(session: Session) -> None:
    bump(session, *CONFIGURATION)


def _digest(rows: Iterable[tuple[str, str, int]]) -> str:
    state = hashlib.blake2b(digest_size=16)
    for repository, project, serial in rows:
        state.update(f"{repository}\0{project}\0{serial}\n".encode())
    return state.hexdigest()


_COLUMNS = (ChangeSerialRow.repository, ChangeSerialRow.project, ChangeSerialRow.serial)
# Built once: these run on every page request, and building a statement costs more than
# running it.
_PROJECT_ROWS = (
    select(*_COLUMNS)
    .where(
        or_(
            ChangeSerialRow.project == bindparam("normalized"),
            and_(ChangeSerialRow.repository == "", ChangeSerialRow.project == ""),
        )
    )
    .order_by(ChangeSerialRow.repository, ChangeSerialRow.project)
)
_LISTING_ROWS = (
    select(*_COLUMNS)
    .where(ChangeSerialRow.project == LISTING)
    .order_by(ChangeSerialRow.repository)
)


def project_page_key(session: Session, normalized: str) -> str:
    """The serial key of any repository's page for ``normalized`` (one indexed query)."""
    return _digest(session.connection().execute(_PROJECT_ROWS, {"normalized": normalized}))


def index_page_key(session: Session) -> str:
    """The serial key of any repository's root page: every repository's project-list row
    (a repository lists its upstreams' projects too) and the configuration row."""
    return _digest(session.connection().execute(_LISTING_ROWS))
