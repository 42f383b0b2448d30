# family: xss
# label: good
# source: own
import re

from flask import Flask, abort, request
from markupsafe import Markup, escape

app = Flask(__name__)
COLOUR = re.compile(r"#?[0-9a-fA-F]{6}")


@app.route("/badge")
def badge():
    label = request.args.get("label", "build")
    colour = request.args.get("colour", "#4c1")
    checked = COLOUR.fullmatch(colour)
    if checked is None:
        abort(400)
    return Markup(f'<svg><rect fill="{colour}"/><text>{escape(label)}</text></svg>')
