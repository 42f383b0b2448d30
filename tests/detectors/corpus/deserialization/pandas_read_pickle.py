# family: deserialization
# label: bad
# source: own
import pandas as pd


def load_frame(path: str) -> pd.DataFrame:
    return pd.read_pickle(path)  # expect
