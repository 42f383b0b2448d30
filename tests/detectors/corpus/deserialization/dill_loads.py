# family: deserialization
# label: bad
# source: own
import dill


def restore_job(payload: bytes):
    return dill.loads(payload)  # expect
