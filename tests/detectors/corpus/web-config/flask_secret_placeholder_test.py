# family: web-config
# label: good
# source: own
from flask import Flask


def make_test_app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "testing"
    app.config["TESTING"] = True
    return app
