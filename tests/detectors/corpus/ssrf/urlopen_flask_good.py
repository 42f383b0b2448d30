# family: ssrf
# label: good
# source: own
from flask import Flask, request
from urllib.request import urlopen


app = Flask(__name__)


@app.route("/feed", methods=["GET", "POST"])
def read_feed():
    value = request.args.get("feed", "")
    feeds = {"news": "https://example.com/news.xml", "blog": "https://example.com/blog.xml"}
    with urlopen(feeds.get(value, feeds["news"]), timeout=10) as page:
        return {"size": len(page.read())}
