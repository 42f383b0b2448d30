# family: deserialization
# label: bad
# source: own
# rule: python/insecure-deserialization
import jsonpickle
from flask import Flask, request

app = Flask(__name__)


@app.post("/jobs")
def submit_job():
    job = jsonpickle.decode(request.get_data(as_text=True))  # expect
    return {"queued": job.name}
