# family: ssrf
# label: good
# source: own
import httpx
import sys


def check_health():
    value = sys.argv[1]
    resp = httpx.get(f"https://status.example.com/health/{value}", timeout=3)
    return {"healthy": resp.status_code == 200}
