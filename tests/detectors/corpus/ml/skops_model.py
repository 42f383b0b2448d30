# family: ml
# label: good
# source: own
import skops.io as sio


def load_classifier(path: str):
    trusted = sio.get_untrusted_types(file=path)
    if trusted:
        raise ValueError(f"model contains unexpected types: {trusted}")
    return sio.load(path, trusted=[])
