"""The external index's page cache in the database, shared by every worker and host."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registry.db.sharing import RemotePageRow
from registry.services.external import CachedPage


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class SqlPageCache:
    """``PageCache`` in the database: every worker sees the same cached pages.  Each call
    uses (and commits) its own short session."""

    def __init__(self, sessions: Callable[[], Session]) -> None:
        self.sessions = sessions

    def get(self, key: str) -> CachedPage | None:
        with self.sessions() as session:
            row = session.get(RemotePageRow, key_hash(key))
            if row is None:
                return None
            return CachedPage(
                body=row.body,
                content_type=row.content_type,
                url=row.url,
                fetched_at=row.fetched_at,
                etag=row.etag,
                last_modified=row.last_modified,
                not_found=row.not_found,
            )

    def put(self, key: str, page: CachedPage) -> None:
        with self.sessions() as session:
            row = session.get(RemotePageRow, key_hash(key))
            if row is None:
                row = RemotePageRow(key_hash=key_hash(key), key=key)
                session.add(row)
            row.url, row.body, row.content_type = page.url, page.body, page.content_type
            row.etag, row.last_modified = page.etag, page.last_modified
            row.fetched_at, row.not_found = page.fetched_at, page.not_found
            try:
                session.commit()
            except IntegrityError:
                # Another host cached the same page at the same moment: theirs is as good.
                session.rollback()
