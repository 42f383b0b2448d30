# family: web-frameworks
# label: good
# source: own
import subprocess
from enum import Enum

from fastapi import FastAPI

app = FastAPI()


class Database(str, Enum):
    orders = "orders"
    catalog = "catalog"


@app.post("/databases/{name}/backup")
def backup(name: Database):
    dump = subprocess.run(
        ["pg_dump", "--format=custom", f"--file=/backups/{name.value}.dump", name.value],
        capture_output=True, text=True,
    )
    return {"ok": dump.returncode == 0, "stderr": dump.stderr[-500:]}
