# family: deserialization
# label: bad
# source: own
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.post("/restore")
def restore():
    state = pickle.loads(request.get_data())  # expect
    return {"keys": sorted(state)}
