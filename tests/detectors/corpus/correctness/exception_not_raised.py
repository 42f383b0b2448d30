# family: correctness
# label: bad
# source: own
# rule: python/exception-not-raised
def parse_port(text: str) -> int:
    port = int(text)
    if not 0 < port < 65536:
        ValueError(f"port out of range: {port}")  # expect
    return port
