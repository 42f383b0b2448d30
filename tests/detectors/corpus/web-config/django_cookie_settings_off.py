# family: web-config
# label: bad
# source: own
import os

SECRET_KEY = os.environ["SECRET_KEY"]
SESSION_COOKIE_SECURE = False  # expect
CSRF_COOKIE_SECURE = True
