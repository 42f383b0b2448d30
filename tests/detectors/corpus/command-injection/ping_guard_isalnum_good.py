# family: command-injection
# label: good
# source: own
import subprocess

from flask import Blueprint, abort, current_app, jsonify, request

bp = Blueprint("diagnostics", __name__)


@bp.route("/diagnostics/ping")
def ping():
    host = request.args.get("host", "")
    if not host.replace(".", "").isalnum():
        current_app.logger.warning("odd host name %r", host)
        abort(400, "host must be a name or an IPv4 address")
    out = subprocess.run(f"ping -c 1 -W 2 {host}", shell=True, capture_output=True, text=True)
    return jsonify(ok=out.returncode == 0, output=out.stdout[-2000:])
