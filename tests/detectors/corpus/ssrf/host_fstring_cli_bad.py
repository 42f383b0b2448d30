# family: ssrf
# label: bad
# source: own
import httpx
import sys


def check_health():
    value = sys.argv[1]
    resp = httpx.get(f"http://{value}/health", timeout=3)  # expect
    return {"healthy": resp.status_code == 200}
