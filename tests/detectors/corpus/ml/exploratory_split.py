# family: ml
# label: good
# source: own
from sklearn.model_selection import train_test_split


def quick_look(X, y):
    X_train, X_test, _, _ = train_test_split(X, y, test_size=0.5)
    return len(X_train), len(X_test)
