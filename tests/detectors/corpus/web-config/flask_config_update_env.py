# family: web-config
# label: good
# source: own
# rule: python/debug-enabled
import os

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(
        DEBUG=os.environ.get("FLASK_DEBUG") == "1",
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SECRET_KEY=os.environ["SECRET_KEY"],
    )
    return app
