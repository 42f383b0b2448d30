# family: tls
# label: bad
# source: own
import requests


def fetch_invoice(session_token: str, invoice_id: int) -> dict:
    response = requests.get(
        f"https://billing.internal.example/invoices/{invoice_id}",
        headers={"Authorization": f"Bearer {session_token}"},
        timeout=10,
        verify=False,  # expect
    )
    response.raise_for_status()
    return response.json()
