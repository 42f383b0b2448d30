# family: deserialization
# label: bad
# source: own
import joblib


def load_model(path: str):
    return joblib.load(path)  # expect
