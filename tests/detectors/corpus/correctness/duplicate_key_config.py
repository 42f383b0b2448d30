# family: correctness
# label: bad
# source: own
# rule: python/duplicate-dict-key
DEFAULTS = {
    "host": "127.0.0.1",
    "port": 8080,
    "workers": 4,
    "timeout": 30,
    "port": 8443,  # expect
}


def settings(overrides: dict) -> dict:
    return {**DEFAULTS, **overrides}
