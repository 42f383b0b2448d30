# family: resources
# label: bad
# source: own
# rule: python/cache-on-method
import functools

import requests


class RatesClient:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()

    @functools.lru_cache(maxsize=256)  # expect
    def rate(self, currency: str) -> float:
        response = self.session.get(f"{self.base_url}/rates/{currency}", timeout=5)
        response.raise_for_status()
        return float(response.json()["rate"])
