# family: correctness
# label: bad
# source: own (pattern: pointless comparison, as in flake8-bugbear's B015 tests)
# rule: python/useless-comparison
def count_failures(results: list[dict]) -> int:
    failures = 0
    for result in results:
        if result["status"] != "ok":
            failures + 1 == failures  # expect
    return failures
