# family: web-config
# label: bad
# source: own
from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "a8f5f167f44f4964e6c998dee827110c"  # expect
