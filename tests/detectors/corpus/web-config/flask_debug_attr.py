# family: web-config
# label: bad
# source: own
from flask import Flask

app = Flask(__name__)
app.debug = True  # expect
