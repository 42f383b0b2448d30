# family: command-injection
# label: bad
# source: own
import subprocess
from fastapi import FastAPI


app = FastAPI()


@app.get("/log")
def git_log(value: str):
    out = subprocess.check_output(f"git log --oneline {value}", shell=True)  # expect
    return {"log": out.decode()}
