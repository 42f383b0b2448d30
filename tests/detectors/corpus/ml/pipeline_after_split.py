# family: ml
# label: good
# source: own
# rule: ml/preprocessing-before-split
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SEED = 7


def evaluate(frame: pd.DataFrame) -> float:
    X, y = frame.drop(columns="churned"), frame["churned"]
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=SEED)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    model.fit(X_train, y_train)
    return model.score(X_test, y_test)
