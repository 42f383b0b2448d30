# family: ml
# label: bad
# source: own
# reproducible cross-validation for the model card
from sklearn.model_selection import KFold


def folds(X):
    return list(KFold(n_splits=5, shuffle=True).split(X))  # expect
