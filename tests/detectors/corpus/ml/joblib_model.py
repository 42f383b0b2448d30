# family: ml
# label: bad
# source: own
import joblib


def load_pipeline(model_dir: str):
    return joblib.load(f"{model_dir}/pipeline.joblib")  # expect
