# family: crypto
# label: good
# source: own
import random
import time


def backoff(attempt: int) -> None:
    delay = min(30.0, 2**attempt) + random.uniform(0, 1)
    time.sleep(delay)
