# family: resources
# label: bad
# source: own
def read_hosts(path: str) -> list[str]:
    handle = open(path, encoding="utf-8")  # expect
    return handle.readlines()
