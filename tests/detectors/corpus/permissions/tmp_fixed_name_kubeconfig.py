# family: permissions
# label: bad
# source: own
# rule: python/insecure-tempfile
def write_kubeconfig(contents: str) -> str:
    path = "/tmp/kubeconfig.yaml"
    with open(path, "w") as handle:  # expect
        handle.write(contents)
    return path
