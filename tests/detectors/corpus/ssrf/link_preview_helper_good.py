# family: ssrf
# label: good
# source: own
from urllib.parse import urlparse

import requests
from bs4 import BeautifulSoup
from flask import Flask, jsonify, request

app = Flask(__name__)
PREVIEW_HOSTS = {"github.com", "gitlab.com", "en.wikipedia.org"}


def fetch_preview(url):
    if urlparse(url).hostname not in PREVIEW_HOSTS:
        return {"title": None}
    page = requests.get(url, timeout=4, headers={"User-Agent": "preview-bot"})
    soup = BeautifulSoup(page.text, "html.parser")
    return {"title": soup.title.string if soup.title else None}


@app.post("/previews")
def previews():
    links = request.get_json().get("links", [])
    return jsonify([fetch_preview(link) for link in links[:5]])
