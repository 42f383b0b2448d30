# family: tls
# label: bad
# source: own
import ssl
import urllib.request

# the staging proxy uses a self-signed certificate
ssl._create_default_https_context = ssl._create_unverified_context  # expect


def download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()
