# family: path-traversal
# label: good
# source: own
import os
from fastapi import FastAPI


app = FastAPI()


@app.get("/delete")
def delete_upload(value: str):
    target = os.path.realpath(os.path.join("/tmp/uploads", value))
    if not target.startswith("/tmp/uploads/"):
        return {"error": "outside uploads"}
    os.remove(target)
    return {"deleted": value}
