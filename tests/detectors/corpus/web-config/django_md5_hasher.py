# family: web-config
# label: bad
# source: own
# rule: python/weak-password-hasher
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
INSTALLED_APPS = ["django.contrib.auth", "accounts"]
PASSWORD_HASHERS = [  # expect
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
