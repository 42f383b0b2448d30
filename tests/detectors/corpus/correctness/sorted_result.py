# family: correctness
# label: good
# source: own
# rule: python/assign-inplace-result
def top_scores(scores: list[int], n: int) -> list[int]:
    ranked = sorted(scores, reverse=True)
    return ranked[:n]


def register(session, user) -> None:
    added = session.add(user)
    del added
