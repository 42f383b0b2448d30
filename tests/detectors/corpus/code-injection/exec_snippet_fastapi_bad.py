# family: code-injection
# label: bad
# source: own
from fastapi import FastAPI


app = FastAPI()


@app.get("/hook")
def install_hook(value: str):
    namespace = {}
    exec("def hook(x):\n    return " + value, namespace)  # expect
    return {"hooked": "hook" in namespace}
