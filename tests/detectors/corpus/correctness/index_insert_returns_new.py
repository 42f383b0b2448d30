# family: correctness
# label: good
# source: own (pattern: immutable containers whose insert/append return a copy, tuned on installed packages)
# rule: python/assign-inplace-result
import pandas as pd


def with_total_row(frame: pd.DataFrame) -> pd.DataFrame:
    index = frame.index
    index = index.append(pd.Index(["total"]))
    columns = frame.columns.insert(0, "label")
    return frame.reindex(index=index, columns=columns)
