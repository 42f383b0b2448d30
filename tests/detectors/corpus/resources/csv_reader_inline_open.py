# family: resources
# label: bad
# source: own
# rule: python/unclosed-inline-open
import csv


def load_prices(path: str) -> dict[str, float]:
    rows = csv.DictReader(open(path, newline="", encoding="utf-8"))  # expect
    return {row["sku"]: float(row["price"]) for row in rows}
