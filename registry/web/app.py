"""create_app(): the composition root that wires settings, database, blob store and views."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine

from registry.config import Settings, load_settings
from registry.core.ports import BlobStore
from registry.db.generation import Generation
from registry.db.session import for_writes, make_engine, migrate, session_factory
from registry.storage import build_blob_store
from registry.web import (
    api,
    attestations,
    errors,
    files,
    health,
    hot_path,
    metrics,
    misdirected,
    pypi_json,
    rate_limit,
    request_log,
    runtime,
    sharing,
    simple,
    ui,
    upload,
)


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    blobs: BlobStore | None = None,
    migrate_schema: bool = True,
) -> Flask:
    settings = settings or load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = engine or make_engine(settings.resolved_database_url)
    if migrate_schema:
        migrate(engine)
    app = Flask("registry")
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # reads; the upload view raises its own
    generation = Generation(settings.generation_file)
    runtime.install(
        app,
        runtime.Runtime(
            settings,
            engine,
            session_factory(engine, generation),
            blobs or build_blob_store(settings),
            write_sessions=session_factory(for_writes(engine), generation),
        ),
    )
    # Off with a rate limit (the fast path would bypass the limiter) or 0 seconds. Before the
    # other hooks. SQLite: no other host writes, so only the counter (and a token's expiry)
    # ends an answer; a shared database adds the time bound.
    if not settings.rate_limit and settings.hot_path_seconds > 0:
        bound = None if settings.database_is_host_local else settings.hot_path_seconds
        hot_path.install(app, generation, bound)
    request_log.install(app)  # first: ids every request; its access line is written last
    metrics.install(app)  # early: its after_request hook runs last and sees every header
    errors.install(app)
    rate_limit.install(app, settings)
    app.register_blueprint(health.bp)
    app.register_blueprint(simple.bp)
    app.register_blueprint(files.bp)
    app.register_blueprint(upload.bp)
    app.register_blueprint(misdirected.bp)
    sharing.install(app)  # upstreams, external connection, webhooks, stale-page header
    app.register_blueprint(api.bp)  # the management API
    app.register_blueprint(attestations.bp)  # review attestations (JSON)
    app.register_blueprint(pypi_json.bp)
    metrics.count_external_fetches(app.extensions[sharing.EXTENSION].external)
    ui.install(app, settings)  # the web pages, after the APIs so their URLs win
    return app
