# family: web-config
# label: bad
# source: own
import os

DEBUG = False
SECRET_KEY = "django-insecure-7f#k2@q9!x0v$m3lz8w&r1n5b"  # expect
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["DB"]}}
