# family: code-injection
# label: good
# source: own
import operator
from fastapi import FastAPI


app = FastAPI()


@app.get("/hook")
def install_hook(value: str):
    hooks = {"neg": operator.neg, "abs": operator.abs}
    hook = hooks.get(value, operator.pos)
    return {"hooked": hook is not operator.pos}
