# family: ssrf
# label: bad
# source: own
import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/proxy/repo")
def repo_info():
    api = request.args.get("api", "https://api.github.com")  # GitHub Enterprise support
    owner, repo = request.args["owner"], request.args["repo"]
    url = f"{api}/repos/{owner}/{repo}"
    resp = requests.get(url, timeout=5, headers={"Accept": "application/vnd.github+json"})  # expect
    return jsonify(resp.json())
