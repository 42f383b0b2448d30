# family: ml
# label: good
# source: own
import numpy as np


def load_embeddings(path: str) -> np.ndarray:
    return np.load(path)
