# family: resources
# label: good
# source: own
# rule: python/unclosed-inline-open
import csv


def load_prices(path: str) -> dict[str, float]:
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["sku"]: float(row["price"]) for row in csv.DictReader(handle)}
