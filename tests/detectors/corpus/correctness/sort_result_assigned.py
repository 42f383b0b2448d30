# family: correctness
# label: bad
# source: own
# rule: python/assign-inplace-result
def top_scores(scores: list[int], n: int) -> list[int]:
    ranked = scores.copy()
    ranked = ranked.sort(reverse=True)  # expect
    return ranked[:n]
