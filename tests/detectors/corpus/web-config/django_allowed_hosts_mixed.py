# family: web-config
# label: bad
# source: own
# rule: python/allowed-hosts-wildcard
from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ("shop.example.com", "*")  # expect
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
