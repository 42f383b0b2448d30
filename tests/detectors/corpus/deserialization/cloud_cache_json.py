# family: deserialization
# label: good
# source: own
# rule: python/insecure-deserialization
import json

import redis

cache = redis.Redis(host="cache.internal", port=6379)


def cached_report(key: str):
    blob = cache.get(f"report:{key}")
    return json.loads(blob) if blob else None
