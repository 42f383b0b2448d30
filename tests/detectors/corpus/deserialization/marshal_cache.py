# family: deserialization
# label: bad
# source: own
# rule: python/insecure-deserialization
import marshal
from pathlib import Path


def load_compiled(cache: Path):
    data = cache.read_bytes()
    return marshal.loads(data[16:])  # expect
