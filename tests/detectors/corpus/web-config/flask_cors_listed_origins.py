# family: web-config
# label: good
# source: own
# rule: python/cors-wildcard-credentials
from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://app.example.com"], supports_credentials=True)


@app.get("/api/me")
def me():
    return jsonify({"name": "current user"})
