# family: web-config
# label: good
# source: own
# rule: python/cors-wildcard-credentials
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

# a public, read-only catalogue: any origin may read it, but never with cookies
app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=False,
    allow_methods=["GET"],
)
