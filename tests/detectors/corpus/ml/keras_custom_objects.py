# family: ml
# label: bad
# source: own
import tensorflow as tf


def load_uploaded(path: str, layers: dict):
    return tf.keras.models.load_model(path, custom_objects=layers)  # expect
