# family: open-redirect
# label: bad
# source: own
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/sso/callback")
def sso_callback(code: str, return_to: str = "/"):
    response = RedirectResponse(url=return_to, status_code=303)  # expect
    response.set_cookie("sso_code", code, httponly=True, secure=True, samesite="lax")
    return response
