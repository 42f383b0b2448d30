# family: xxe
# label: bad
# source: own
import xml.sax
from flask import Flask, request
from xml.sax.handler import feature_external_ges


app = Flask(__name__)


@app.post("/sax")
def parse_sax():
    value = request.form["file"]
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)  # expect
    parser.parse(value)
    return {"parsed": True}
