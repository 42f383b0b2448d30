# family: deserialization
# label: good
# source: own
import pickle


def save_index(index: dict, path: str) -> None:
    with open(path, "wb") as handle:
        pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
