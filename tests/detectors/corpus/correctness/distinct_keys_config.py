# family: correctness
# label: good
# source: own
# rule: python/duplicate-dict-key
DEFAULTS = {
    "host": "127.0.0.1",
    "port": 8080,
    "tls_port": 8443,
    "workers": 4,
    "timeout": 30,
}


def settings(overrides: dict) -> dict:
    return {**DEFAULTS, **overrides}
