# family: correctness
# label: bad
# source: own
# rule: python/loop-variable-shadows-iterable
def normalise_tags(tags: list[str]) -> list[str]:
    cleaned = []
    for tags in tags:  # expect
        cleaned.append(tags.strip().lower())
    return sorted(set(cleaned))
