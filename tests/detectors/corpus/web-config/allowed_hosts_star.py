# family: web-config
# label: good
# source: own
import os

ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
