# family: correctness
# label: bad
# source: own
def first_ok(tasks) -> object:
    result = None
    while tasks:
        task = tasks.pop()
        try:
            result = task()
        finally:
            break  # expect
    return result
