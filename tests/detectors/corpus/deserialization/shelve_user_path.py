# family: deserialization
# label: bad
# source: own
import shelve


def open_store(name: str):
    return shelve.open(f"/var/lib/app/{name}")  # expect
