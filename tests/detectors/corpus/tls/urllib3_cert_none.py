# family: tls
# label: bad
# source: own
import urllib3


def make_pool() -> urllib3.PoolManager:
    return urllib3.PoolManager(cert_reqs="CERT_NONE", timeout=urllib3.Timeout(10))  # expect
