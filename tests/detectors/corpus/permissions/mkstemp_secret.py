# family: permissions
# label: good
# source: own
# rule: python/insecure-tempfile
import os
import tempfile


def write_kubeconfig(contents: str) -> str:
    fd, path = tempfile.mkstemp(prefix="kubeconfig-", suffix=".yaml")
    with os.fdopen(fd, "w") as handle:
        handle.write(contents)
    return path
