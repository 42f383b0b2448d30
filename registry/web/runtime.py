"""Per-app resources (settings, engine, blob store) and per-request ones (session, catalog)."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

from flask import Flask, current_app, g, request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from registry.config import Settings
from registry.core.model import Actor, TokenRecord
from registry.core.ports import BlobStore
from registry.db.catalog import SqlCatalog

EXTENSION = "codeyard.registry"
log = logging.getLogger("registry.web")


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
    except SQLAlchemyError as error:
        # The database went away mid-request: the answer (a 503) is already decided and the
        # pool replaces the connection; a teardown error would only turn it into a 500.
        log.warning("could not end the request's transaction: %s", error.__class__.__name__)
    finally:
        with contextlib.suppress(SQLAlchemyError):
            cat.session.close()


def actor_for(token: TokenRecord | None) -> Actor:
    label = f"token {token.id}" if token else "anonymous"
    return Actor(token.id if token else None, label, request.remote_addr)


def install(app: Flask, rt: Runtime) -> None:
    app.extensions[EXTENSION] = rt
    app.teardown_request(close_catalog)
