# family: correctness
# label: good
# source: own
def drop_expired(sessions: dict[str, float], now: float) -> None:
    for key in list(sessions):
        if sessions[key] < now:
            del sessions[key]
