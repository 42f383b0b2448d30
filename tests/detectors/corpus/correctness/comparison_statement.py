# family: correctness
# label: bad
# source: own
# rule: python/useless-comparison
def apply_discount(order: dict, percent: int) -> dict:
    if percent > 50:
        order["needs_review"] == True  # expect
    order["total"] = round(order["total"] * (100 - percent) / 100, 2)
    return order
