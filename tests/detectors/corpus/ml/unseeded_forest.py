# family: ml
# label: bad
# source: own
# deterministic training run: results must match the paper
from sklearn.ensemble import RandomForestClassifier


def fit_forest(X, y):
    forest = RandomForestClassifier(n_estimators=300)  # expect
    return forest.fit(X, y)
