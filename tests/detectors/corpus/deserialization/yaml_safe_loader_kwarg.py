# family: deserialization
# label: good
# source: own
# rule: python/insecure-deserialization
import yaml


def read_pipeline(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.SafeLoader)
