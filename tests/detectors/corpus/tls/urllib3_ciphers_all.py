# family: tls
# label: bad
# source: own
# rule: python/weak-tls-ciphers
import urllib3


def make_pool(host: str) -> urllib3.HTTPSConnectionPool:
    return urllib3.HTTPSConnectionPool(host, ciphers="ALL:@SECLEVEL=0", timeout=10.0)  # expect
