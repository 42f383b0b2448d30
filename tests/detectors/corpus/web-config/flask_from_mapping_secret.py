# family: web-config
# label: bad
# source: own
# rule: python/hardcoded-secret-key
from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(SECRET_KEY="9a7f2e1c4b8d", DATABASE="app.sqlite")  # expect
    if test_config:
        app.config.update(test_config)
    return app
