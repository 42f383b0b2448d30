# family: xxe
# label: bad
# source: own
import xmltodict
from fastapi import FastAPI


app = FastAPI()


@app.get("/convert")
def convert_xml(value: str):
    data = xmltodict.parse(value, disable_entities=False)  # expect
    return {"keys": list(data)}
