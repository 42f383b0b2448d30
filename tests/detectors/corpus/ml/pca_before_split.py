# family: ml
# label: bad
# source: own
# rule: ml/preprocessing-before-split
import numpy as np
from sklearn.decomposition import PCA
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC


def evaluate(features: np.ndarray, labels: np.ndarray) -> float:
    reduced = PCA(n_components=32).fit_transform(features)  # expect
    X_train, X_test, y_train, y_test = train_test_split(reduced, labels, test_size=0.2, random_state=0)
    return SVC().fit(X_train, y_train).score(X_test, y_test)
