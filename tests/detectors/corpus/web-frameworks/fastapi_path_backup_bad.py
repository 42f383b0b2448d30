# family: web-frameworks
# label: bad
# source: own
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.post("/databases/{name}/backup")
def backup(name: str):
    dump = subprocess.run(  # expect
        f"pg_dump --format=custom --file=/backups/{name}.dump {name}",
        shell=True, capture_output=True, text=True,
    )
    return {"ok": dump.returncode == 0, "stderr": dump.stderr[-500:]}
