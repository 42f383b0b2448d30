# family: deserialization
# label: bad
# source: own
import yaml


def parse_manifest(text: str) -> dict:
    return yaml.unsafe_load(text)  # expect
