# family: crypto
# label: good
# source: own
import hashlib


def cache_key(url: str, params: dict) -> str:
    raw = url + "?" + "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    return hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()
