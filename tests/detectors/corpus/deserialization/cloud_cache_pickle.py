# family: deserialization
# label: bad
# source: own
# rule: python/insecure-deserialization
import pickle

import redis

cache = redis.Redis(host="cache.internal", port=6379)


def cached_report(key: str):
    blob = cache.get(f"report:{key}")
    return pickle.loads(blob) if blob else None  # expect
