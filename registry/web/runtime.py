"""Per-app resources (settings, engine, blob store) and per-request ones (session, catalog)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g, request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from registry.config import Settings
from registry.core.model import Actor, TokenRecord
from registry.core.ports import BlobStore
from registry.db.catalog import SqlCatalog

EXTENSION = "codeyard.registry"


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore
    write_sessions: sessionmaker[Session] | None = None  # requests that change state


def runtime() -> Runtime:
    return current_app.extensions[EXTENSION]


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def catalog() -> SqlCatalog:
    """The request's catalog: one session per request, closed at teardown."""
    if "catalog" not in g:
        rt = runtime()
        writes = request.method not in READ_METHODS and rt.write_sessions is not None
        g.catalog = SqlCatalog((rt.write_sessions if writes else rt.sessions)())
    return g.catalog


def close_catalog(exc: BaseException | None) -> None:
    cat: SqlCatalog | None = g.pop("catalog", None)
    if cat is None:
        return
    try:
        if exc is None:
            cat.session.commit()
        else:
            cat.session.rollback()
    finally:
        cat.session.close()


def actor_for(token: TokenRecord | None) -> Actor:
    label = f"token {token.id}" if token else "anonymous"
    return Actor(token.id if token else None, label, request.remote_addr)


def install(app: Flask, rt: Runtime) -> None:
    app.extensions[EXTENSION] = rt
    app.teardown_request(close_catalog)
