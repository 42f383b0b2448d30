# family: web-config
# label: bad
# source: own
# rule: python/password-validation-disabled
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "accounts"]
# validators slowed down the sign-up tests
AUTH_PASSWORD_VALIDATORS = []  # expect
LANGUAGE_CODE = "en-us"
