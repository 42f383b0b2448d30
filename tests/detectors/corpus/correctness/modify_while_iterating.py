# family: correctness
# label: bad
# source: own
def drop_expired(sessions: dict[str, float], now: float) -> None:
    for key in sessions:
        if sessions[key] < now:
            del sessions[key]  # expect
