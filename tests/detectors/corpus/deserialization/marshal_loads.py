# family: deserialization
# label: bad
# source: own
import marshal


def load_plugin(blob: bytes):
    code = marshal.loads(blob)  # expect
    namespace: dict = {}
    exec(code, namespace)
    return namespace
