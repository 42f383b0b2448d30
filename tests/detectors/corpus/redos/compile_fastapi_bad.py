# family: redos
# label: bad
# source: own
import re
from fastapi import FastAPI


app = FastAPI()


@app.get("/grep")
def grep_log(value: str):
    pattern = re.compile(value)  # expect
    lines = open("/var/log/app.log").read().splitlines()
    return {"matches": [line for line in lines if pattern.search(line)][:50]}
