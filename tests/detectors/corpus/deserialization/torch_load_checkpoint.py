# family: deserialization
# label: bad
# source: own
import torch


def load_checkpoint(path: str) -> dict:
    return torch.load(path, map_location="cpu")  # expect
