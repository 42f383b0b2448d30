# family: deserialization
# label: good
# source: own
import yaml


def read_pipeline(text: str) -> dict:
    return yaml.load(text, Loader=yaml.SafeLoader)
