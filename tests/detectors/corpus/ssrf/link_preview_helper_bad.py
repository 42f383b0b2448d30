# family: ssrf
# label: bad
# source: own
import requests
from bs4 import BeautifulSoup
from flask import Flask, jsonify, request

app = Flask(__name__)


def fetch_preview(url):
    page = requests.get(url, timeout=4, headers={"User-Agent": "preview-bot"})  # expect
    soup = BeautifulSoup(page.text, "html.parser")
    return {"title": soup.title.string if soup.title else None}


@app.post("/previews")
def previews():
    links = request.get_json().get("links", [])
    return jsonify([fetch_preview(link) for link in links[:5]])
