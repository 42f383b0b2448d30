# family: command-injection
# label: bad
# source: own
import subprocess

from flask import Blueprint, current_app, jsonify, request

bp = Blueprint("diagnostics", __name__)


@bp.route("/diagnostics/ping")
def ping():
    host = request.args.get("host", "")
    if not host.replace(".", "").isalnum():
        # logged for the security team, but the request carries on
        current_app.logger.warning("odd host name %r", host)
    out = subprocess.run(f"ping -c 1 -W 2 {host}", shell=True, capture_output=True, text=True)  # expect
    return jsonify(ok=out.returncode == 0, output=out.stdout[-2000:])
