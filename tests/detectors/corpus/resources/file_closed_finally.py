# family: resources
# label: good
# source: own
def first_line(path: str) -> str:
    handle = open(path, encoding="utf-8")
    try:
        return handle.readline()
    finally:
        handle.close()
