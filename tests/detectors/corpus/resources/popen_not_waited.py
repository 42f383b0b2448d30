# family: resources
# label: bad
# source: own
import subprocess


def start_indexer(config: str) -> str:
    process = subprocess.Popen(["indexer", "--config", config], stdout=subprocess.PIPE)  # expect
    first = process.stdout.readline()
    return first.decode()
