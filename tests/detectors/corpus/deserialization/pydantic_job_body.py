# family: deserialization
# label: good
# source: own
# rule: python/insecure-deserialization
from flask import Flask, request
from pydantic import BaseModel


class Job(BaseModel):
    name: str
    priority: int = 0


app = Flask(__name__)


@app.post("/jobs")
def submit_job():
    job = Job.model_validate_json(request.get_data())
    return {"queued": job.name}
