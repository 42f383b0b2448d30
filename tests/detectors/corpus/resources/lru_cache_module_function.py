# family: resources
# label: good
# source: own (pattern: cache decorators on methods, as in flake8-bugbear's B019 tests)
# rule: python/cache-on-method
from functools import lru_cache


@lru_cache(maxsize=1024)
def normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


class PackageIndex:
    def __init__(self, client) -> None:
        self.client = client

    @classmethod
    @lru_cache(maxsize=8)
    def for_url(cls, url: str) -> "PackageIndex":
        return cls(client=url)

    def versions(self, name: str) -> tuple[str, ...]:
        return tuple(self.client.get_versions(normalise(name)))
