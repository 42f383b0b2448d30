# family: code-injection
# label: good
# source: own
DEFAULTS = "{'retries': 3, 'timeout': 10}"


def defaults() -> dict:
    return eval(DEFAULTS)
