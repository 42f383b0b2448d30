# family: resources
# label: bad
# source: own (pattern: cache decorators on methods, as in flake8-bugbear's B019 tests)
# rule: python/cache-on-method
from functools import lru_cache


class PackageIndex:
    def __init__(self, client) -> None:
        self.client = client

    @lru_cache  # expect
    def versions(self, name: str) -> tuple[str, ...]:
        return tuple(self.client.get_versions(name))
