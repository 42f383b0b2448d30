# family: resources
# label: bad
# source: own
# rule: python/cache-on-method
from functools import cache


class Repository:
    def __init__(self, connection) -> None:
        self.connection = connection

    @cache  # expect
    def owner_of(self, package: str) -> str | None:
        row = self.connection.execute("SELECT owner FROM packages WHERE name = ?", (package,)).fetchone()
        return row[0] if row else None
