# family: command-injection
# label: good
# source: own
import subprocess
from fastapi import FastAPI


app = FastAPI()


@app.get("/log")
def git_log(value: str):
    out = subprocess.check_output(["git", "log", "--oneline", "--", value])
    return {"log": out.decode()}
