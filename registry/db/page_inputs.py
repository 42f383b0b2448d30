"""What a cached project page that merged external-index pages needs to stay valid: when
each of those cached remote pages was fetched (registry.db.page_cache.SqlPageCache keeps them)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.db.page_cache import key_hash
from registry.db.sharing import RemotePageRow


def remote_page_key_hash(cache_key: str) -> str:
    """The ``remote_pages`` row id of a PageCache key."""
    return key_hash(cache_key)


def remote_fetch_times(session: Session, key_hashes: Iterable[str]) -> dict[str, float]:
    wanted = list(key_hashes)
    if not wanted:
        return {}
    rows = session.execute(
        select(RemotePageRow.key_hash, RemotePageRow.fetched_at).where(
            RemotePageRow.key_hash.in_(wanted)
        )
    )
    return {key_hash: fetched_at for key_hash, fetched_at in rows}
