# family: correctness
# label: good
# source: own (pattern: loop target vs iterable names, as in flake8-bugbear's B020 tests)
# rule: python/loop-variable-shadows-iterable
def invert(mapping: dict[str, str]) -> dict[str, str]:
    inverted = {}
    for key, value in mapping.items():
        inverted[value] = key
    return inverted
