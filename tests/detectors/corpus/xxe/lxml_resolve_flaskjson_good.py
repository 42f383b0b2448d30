# family: xxe
# label: good
# source: own
from flask import Flask, request
from lxml import etree


app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_xml():
    payload = request.get_json()
    value = payload["xml"]
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    doc = etree.fromstring(value.encode(), parser)
    return {"root": doc.tag}
