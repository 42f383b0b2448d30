# family: open-redirect
# label: good
# source: own
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()
DESTINATIONS = {"home": "/", "billing": "/billing", "settings": "/settings/profile"}


@app.get("/sso/callback")
def sso_callback(code: str, return_to: str = "home"):
    response = RedirectResponse(url=DESTINATIONS.get(return_to, "/"), status_code=303)
    response.set_cookie("sso_code", code, httponly=True, secure=True, samesite="lax")
    return response
