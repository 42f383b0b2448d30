# family: deserialization
# label: good
# source: own
import numpy as np


def load_features(path: str):
    return np.load(path, allow_pickle=False)
