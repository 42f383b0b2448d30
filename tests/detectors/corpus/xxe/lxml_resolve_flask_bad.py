# family: xxe
# label: bad
# source: own
from flask import Flask, request
from lxml import etree


app = Flask(__name__)


@app.route("/import", methods=["GET", "POST"])
def import_xml():
    value = request.args.get("xml", "")
    parser = etree.XMLParser(resolve_entities=True)  # expect
    doc = etree.fromstring(value.encode(), parser)
    return {"root": doc.tag}
