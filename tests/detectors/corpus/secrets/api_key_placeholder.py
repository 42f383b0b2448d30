# family: secrets
# label: good
# source: own
import os

WEATHER_API_KEY = os.environ.get("WEATHER_API_KEY", "changeme")
