# family: web-config
# label: good
# source: own
from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/session")
def create_session(response: Response) -> dict:
    response.set_cookie("session", "s-123", secure=True, httponly=True, samesite="lax")
    return {"ok": True}
