# family: tls
# label: good
# source: own
import httpx


def build_client(base_url: str, ca_file: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, timeout=5.0, verify=ca_file)
