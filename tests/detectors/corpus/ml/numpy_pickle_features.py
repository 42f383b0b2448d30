# family: ml
# label: bad
# source: own
import numpy as np


def load_embeddings(path: str) -> dict:
    return np.load(path, allow_pickle=True).item()  # expect
