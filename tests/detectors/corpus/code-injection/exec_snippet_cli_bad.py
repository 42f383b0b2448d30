# family: code-injection
# label: bad
# source: own
import sys


def install_hook():
    value = sys.argv[1]
    namespace = {}
    exec("def hook(x):\n    return " + value, namespace)  # expect
    return {"hooked": "hook" in namespace}
