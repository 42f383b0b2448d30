# family: ml
# label: bad
# source: own
# rule: ml/preprocessing-before-split
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

SEED = 7


def evaluate(frame: pd.DataFrame) -> float:
    X, y = frame.drop(columns="churned"), frame["churned"]
    scaler = StandardScaler()
    X_scaled = scaler.fit_transform(X)  # expect
    X_train, X_test, y_train, y_test = train_test_split(X_scaled, y, random_state=SEED)
    model = LogisticRegression(max_iter=1000).fit(X_train, y_train)
    return model.score(X_test, y_test)
