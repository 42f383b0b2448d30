# family: correctness
# label: bad
# source: own
# rule: python/format-args-mismatch
def describe(package: str, version: str, size: int) -> str:
    return "%s %s (%d bytes, uploaded by %s)" % (package, version, size)  # expect
