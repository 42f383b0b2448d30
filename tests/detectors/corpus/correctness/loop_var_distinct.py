# family: correctness
# label: good
# source: own
# rule: python/loop-variable-shadows-iterable
def normalise_tags(tags: list[str]) -> list[str]:
    cleaned = []
    for tag in tags:
        cleaned.append(tag.strip().lower())
    return sorted(set(cleaned))
