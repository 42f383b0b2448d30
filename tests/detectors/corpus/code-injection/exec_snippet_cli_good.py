# family: code-injection
# label: good
# source: own
import operator
import sys


def install_hook():
    value = sys.argv[1]
    hooks = {"neg": operator.neg, "abs": operator.abs}
    hook = hooks.get(value, operator.pos)
    return {"hooked": hook is not operator.pos}
