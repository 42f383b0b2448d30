# family: web-config
# label: bad
# source: own
# rule: python/debug-enabled
from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(
        DEBUG=True,  # expect
        SESSION_COOKIE_SECURE=False,  # expect
        SECRET_KEY="f3c9a1e07b2d4c58",  # expect
    )
    return app
