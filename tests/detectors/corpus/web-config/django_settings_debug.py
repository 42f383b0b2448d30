# family: web-config
# label: bad
# source: own
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = True  # expect
ALLOWED_HOSTS = ["shop.example.com"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]
