# family: deserialization
# label: good
# source: own
import yaml


def read_pipeline(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)
