# family: ssrf
# label: good
# source: own
import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/proxy/repo")
def repo_info():
    owner, repo = request.args["owner"], request.args["repo"]
    url = f"https://api.github.com/repos/{owner}/{repo}"
    resp = requests.get(url, timeout=5, headers={"Accept": "application/vnd.github+json"})
    return jsonify(resp.json())
