# family: correctness
# label: bad
# source: own
def drain(queue, handle) -> int:
    done = 0
    for item in queue:
        try:
            handle(item)
            done += 1
        finally:
            continue  # expect
    return done
