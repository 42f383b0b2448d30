# family: resources
# label: good
# source: own
def read_hosts(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return handle.readlines()
