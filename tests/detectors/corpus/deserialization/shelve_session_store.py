# family: deserialization
# label: bad
# source: own
# rule: python/insecure-deserialization
import shelve


def session_data(session_id: str) -> dict:
    with shelve.open("/var/lib/app/sessions") as store:  # expect
        return dict(store.get(session_id, {}))
