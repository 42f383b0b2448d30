# family: ml
# label: bad
# source: own
# rule: ml/unsafe-model-load
import tensorflow as tf


def load_uploaded_model(path: str) -> tf.keras.Model:
    return tf.keras.models.load_model(path, safe_mode=False)  # expect
