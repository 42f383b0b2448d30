# family: web-config
# label: bad
# source: own
# rule: python/cors-wildcard-credentials
from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(app, supports_credentials=True)  # expect


@app.get("/api/me")
def me():
    return jsonify({"name": "current user"})
