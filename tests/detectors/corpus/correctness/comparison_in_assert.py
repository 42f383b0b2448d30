# family: correctness
# label: good
# source: own (pattern: pointless comparison, as in flake8-bugbear's B015 tests)
# rule: python/useless-comparison
def count_failures(results: list[dict]) -> int:
    failures = sum(1 for result in results if result["status"] != "ok")
    assert failures <= len(results), "more failures than results"
    return failures
