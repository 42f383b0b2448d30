# family: correctness
# label: good
# source: own (pattern: a class's own method named like a list method)
# rule: python/assign-inplace-result
class Recursive:
    def __init__(self, base, extend) -> None:
        self.base = base
        self.extend = extend

    def validate(self) -> None:
        extended = self.extend(self.base)
        extended.validate()


def merge(defaults: dict, overrides: dict) -> dict:
    merged = dict(defaults)
    merged.update(overrides)
    return merged
