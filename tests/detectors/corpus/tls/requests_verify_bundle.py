# family: tls
# label: good
# source: own
import requests

CA_BUNDLE = "/etc/ssl/certs/internal-ca.pem"


def fetch_invoice(session_token: str, invoice_id: int) -> dict:
    response = requests.get(
        f"https://billing.internal.example/invoices/{invoice_id}",
        headers={"Authorization": f"Bearer {session_token}"},
        timeout=10,
        verify=CA_BUNDLE,
    )
    response.raise_for_status()
    return response.json()
