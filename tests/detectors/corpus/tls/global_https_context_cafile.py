# family: tls
# label: good
# source: own
import ssl
import urllib.request

STAGING_CA = "certs/staging-ca.pem"


def download(url: str) -> bytes:
    context = ssl.create_default_context(cafile=STAGING_CA)
    with urllib.request.urlopen(url, timeout=30, context=context) as response:
        return response.read()
