# family: ml
# label: good
# source: own
import tensorflow as tf


def load_uploaded(path: str):
    return tf.keras.models.load_model(path, safe_mode=True)
