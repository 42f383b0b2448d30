# family: deserialization
# label: bad
# source: own
import numpy as np


def load_features(path: str):
    return np.load(path, allow_pickle=True)  # expect
