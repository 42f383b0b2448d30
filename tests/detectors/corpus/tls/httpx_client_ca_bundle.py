# family: tls
# label: good
# source: own
# rule: python/tls-verify-disabled
import os

import httpx


def vault_client(base_url: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, verify=os.environ.get("VAULT_CACERT", True), timeout=10)
