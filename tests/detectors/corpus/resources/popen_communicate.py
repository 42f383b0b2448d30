# family: resources
# label: good
# source: own
import subprocess


def run_indexer(config: str) -> str:
    process = subprocess.Popen(["indexer", "--config", config], stdout=subprocess.PIPE)
    out, _ = process.communicate(timeout=60)
    return out.decode()
