# family: correctness
# label: good
# source: own
# rule: python/useless-comparison
def apply_discount(order: dict, percent: int) -> dict:
    order["needs_review"] = percent > 50
    order["total"] = round(order["total"] * (100 - percent) / 100, 2)
    return order
