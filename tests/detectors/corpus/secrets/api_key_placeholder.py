# family: secrets
# label: good
# source: own
# rule: secrets/hardcoded-secret
import os

WEATHER_API_KEY = os.environ.get("WEATHER_API_KEY", "changeme")
