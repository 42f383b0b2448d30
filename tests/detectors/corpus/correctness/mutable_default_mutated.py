# family: correctness
# label: bad
# source: own
def add_tag(tag: str, tags: list[str] = []) -> list[str]:  # expect
    tags.append(tag)  # expect
    return tags
