# family: xxe
# label: bad
# source: own
from flask import Flask, request
from lxml import etree


app = Flask(__name__)


@app.route("/feed", methods=["GET", "POST"])
def parse_feed():
    value = request.args.get("xml", "")
    parser = etree.XMLParser(no_network=False)  # expect
    tree = etree.fromstring(value.encode(), parser=parser)
    return {"children": len(tree)}
