# family: ml
# label: bad
# source: own
import pickle


def load_classifier(path: str):
    with open(path, "rb") as handle:
        return pickle.load(handle)  # expect
