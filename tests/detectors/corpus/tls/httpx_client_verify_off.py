# family: tls
# label: bad
# source: own
import httpx


def build_client(base_url: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, timeout=5.0, verify=False)  # expect
