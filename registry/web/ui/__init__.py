"""The web UI: server-rendered pages (Flask templates, no front-end build, no JavaScript)."""

from __future__ import annotations

from flask import Flask

from registry.config import Settings


def install(app: Flask, settings: Settings) -> None:
    from registry.web.ui import session, views

    session.configure(app, session.secret_key(settings.secret_key, settings.data_dir))
    views.csrf.init_app(app)
    app.register_blueprint(views.bp)
