# family: web-config
# label: bad
# source: own
# rule: python/cors-wildcard-credentials
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
INSTALLED_APPS = ["django.contrib.auth", "corsheaders", "api"]
MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
CORS_ALLOW_ALL_ORIGINS = True  # expect
CORS_ALLOW_CREDENTIALS = True
