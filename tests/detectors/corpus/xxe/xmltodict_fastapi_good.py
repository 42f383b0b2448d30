# family: xxe
# label: good
# source: own
import xmltodict
from fastapi import FastAPI


app = FastAPI()


@app.get("/convert")
def convert_xml(value: str):
    data = xmltodict.parse(value)
    return {"keys": list(data)}
