# family: web-config
# label: good
# source: own
# rule: python/allowed-hosts-wildcard
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "shop.example.com").split(",")
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"
