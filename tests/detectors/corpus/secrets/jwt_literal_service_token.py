# family: secrets
# label: bad
# source: own
# rule: secrets/jwt
import requests

REPORTS_URL = "https://reports.internal.example.net/api/v2/export"
SERVICE_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtcmVwb3J0aW5nIiwic2NvcGUiOiJyZXBvcnRzOnJlYWQiLCJpYXQiOjE3MzMwMTEyMDAsImV4cCI6MTc2NDU0NzIwMH0.iRPWyFU-KfKtaTK66-gHvoJEnpskWHtOSRZIJWvlwNo"  # expect


def export(day: str) -> bytes:
    headers = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    response = requests.get(REPORTS_URL, params={"day": day}, headers=headers, timeout=30)
    response.raise_for_status()
    return response.content
