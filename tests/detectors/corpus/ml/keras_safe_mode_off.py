# family: ml
# label: bad
# source: own
from keras.models import load_model


def restore(path: str):
    return load_model(path, safe_mode=False)  # expect
