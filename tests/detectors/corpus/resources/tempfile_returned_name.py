# family: resources
# label: good
# source: own
import tempfile


def scratch_file() -> str:
    handle = tempfile.NamedTemporaryFile(delete=False, suffix=".csv")
    handle.close()
    return handle.name
