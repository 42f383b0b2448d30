# family: secrets
# label: good
# source: own
# rule: secrets/jwt
import os

import requests

REPORTS_URL = "https://reports.internal.example.net/api/v2/export"


def export(day: str) -> bytes:
    headers = {"Authorization": f"Bearer {os.environ['REPORTS_TOKEN']}"}
    response = requests.get(REPORTS_URL, params={"day": day}, headers=headers, timeout=30)
    response.raise_for_status()
    return response.content


def looks_like_jwt(value: str) -> bool:
    # JWTs start with a base64url JSON header: "eyJ..."
    return value.startswith("eyJ") and value.count(".") == 2
