# family: command-injection
# label: good
# source: own
import os
import shlex

from flask import Flask, request, send_from_directory

app = Flask(__name__)
MEDIA = "/srv/media"


def build_resize_command(source, width):
    src = shlex.quote(f"{MEDIA}/{os.path.basename(source)}")
    dst = shlex.quote(f"{MEDIA}/thumbs/{os.path.basename(source)}")
    return f"convert {src} -resize {int(width)}x {dst}"


@app.route("/thumbnail")
def thumbnail():
    source = request.args["image"]
    width = request.args.get("w", "200")
    if os.system(build_resize_command(source, width)) != 0:
        return "conversion failed", 500
    return send_from_directory(f"{MEDIA}/thumbs", os.path.basename(source))
