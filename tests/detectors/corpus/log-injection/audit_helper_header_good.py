# family: log-injection
# label: good
# source: own
import logging

from flask import Flask, jsonify, request

app = Flask(__name__)
log = logging.getLogger("billing.audit")


def audit(event, actor):
    log.info("%s by %r", event, actor)


@app.post("/invoices/<int:invoice_id>/void")
def void_invoice(invoice_id):
    audit(f"invoice {invoice_id} voided", request.headers.get("X-Operator", "unknown"))
    return jsonify(ok=True)
