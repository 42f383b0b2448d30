# family: ml
# label: good
# source: own
"""Experiment 3: reproducible baseline for the ablation table."""
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

SEED = 1234


def baseline(X, y) -> float:
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=SEED)
    model = LogisticRegression(max_iter=1000).fit(X_train, y_train)
    return model.score(X_test, y_test)
