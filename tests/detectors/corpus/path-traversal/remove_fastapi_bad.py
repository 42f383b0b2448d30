# family: path-traversal
# label: bad
# source: own
import os
from fastapi import FastAPI


app = FastAPI()


@app.get("/delete")
def delete_upload(value: str):
    os.remove(os.path.join("/tmp/uploads", value))  # expect
    return {"deleted": value}
