# family: crypto
# label: good
# source: own
import random


def assign_variant(user_id: int, variants: list[str]) -> str:
    rng = random.Random(user_id)
    return rng.choice(variants)
