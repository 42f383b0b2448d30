# family: web-config
# label: good
# source: own
import os

SECRET_KEY = os.environ["SECRET_KEY"]
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
