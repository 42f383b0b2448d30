# family: path-traversal
# label: bad
# source: own
from pathlib import Path

from flask import Flask, abort, request, send_file

app = Flask(__name__)
INVOICES = Path("/var/lib/billing/invoices")


@app.route("/invoices/download")
def download_invoice():
    invoice_id = request.args.get("id", "")
    try:
        number = int(invoice_id)
    except ValueError:
        abort(400)
    app.logger.info("invoice %d downloaded", number)
    # the string is used, not the parsed number
    return send_file(INVOICES / f"{invoice_id}.pdf", mimetype="application/pdf")  # expect
