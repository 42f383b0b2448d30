# family: resources
# label: good
# source: own
class Journal:
    def __init__(self, path: str) -> None:
        self.handle = open(path, "a", encoding="utf-8")

    def close(self) -> None:
        self.handle.close()
