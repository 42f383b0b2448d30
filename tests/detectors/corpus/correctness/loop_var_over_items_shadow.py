# family: correctness
# label: bad
# source: own (pattern: loop target vs iterable names, as in flake8-bugbear's B020 tests)
# rule: python/loop-variable-shadows-iterable
def describe(items: dict[str, int]) -> list[str]:
    lines = []
    for name, items in items.items():  # expect
        lines.append(f"{name}: {items}")
    return lines
