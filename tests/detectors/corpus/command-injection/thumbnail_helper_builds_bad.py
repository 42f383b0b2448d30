# family: command-injection
# label: bad
# source: own
import os

from flask import Flask, request, send_from_directory

app = Flask(__name__)
MEDIA = "/srv/media"


def build_resize_command(source, width):
    return f"convert {MEDIA}/{source} -resize {width}x {MEDIA}/thumbs/{source}"


@app.route("/thumbnail")
def thumbnail():
    source = request.args["image"]
    width = request.args.get("w", "200")
    if os.system(build_resize_command(source, width)) != 0:  # expect
        return "conversion failed", 500
    return send_from_directory(f"{MEDIA}/thumbs", os.path.basename(source))
