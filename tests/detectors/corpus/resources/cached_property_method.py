# family: resources
# label: good
# source: own
# rule: python/cache-on-method
import functools
import json
from pathlib import Path


class Settings:
    def __init__(self, path: Path) -> None:
        self.path = path

    @functools.cached_property
    def values(self) -> dict:
        return json.loads(self.path.read_text())

    @staticmethod
    @functools.lru_cache(maxsize=32)
    def parse_size(text: str) -> int:
        units = {"k": 1024, "m": 1024**2, "g": 1024**3}
        return int(text[:-1]) * units[text[-1].lower()] if text[-1].isalpha() else int(text)
