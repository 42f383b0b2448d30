# family: web-config
# label: bad
# source: own
# rule: python/allowed-hosts-wildcard
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = ["*"]  # expect
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"
