# family: deserialization
# label: bad
# source: own
import pickle


def load_index(path: str):
    with open(path, "rb") as handle:
        return pickle.load(handle)  # expect
