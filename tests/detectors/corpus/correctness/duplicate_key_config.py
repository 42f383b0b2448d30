# family: correctness
# label: bad
# source: own
# rule: python/duplicate-dict-key
DEFAULTS = {
    "host": "0.0.0.0",
    "port": 8080,
    "workers": 4,
    "timeout": 30,
    "port": 8443,  # expect
}


def settings(overrides: dict) -> dict:
    return {**DEFAULTS, **overrides}
