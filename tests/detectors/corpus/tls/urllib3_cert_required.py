# family: tls
# label: good
# source: own
import certifi
import urllib3


def make_pool() -> urllib3.PoolManager:
    return urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=certifi.where())
