# family: web-config
# label: good
# source: own
import os

from flask import Flask

app = Flask(__name__)


@app.get("/health")
def health():
    return {"ok": True}


if __name__ == "__main__":
    app.run(port=8000, debug=os.environ.get("FLASK_DEBUG") == "1")
