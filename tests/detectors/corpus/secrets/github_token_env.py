# family: secrets
# label: good
# source: own
# rule: secrets/token
import os

import requests


def open_issues(repo: str) -> list[dict]:
    response = requests.get(
        f"https://api.github.com/repos/{repo}/issues",
        headers={"Authorization": f"Bearer {os.environ['GITHUB_TOKEN']}"},
        timeout=10,
    )
    return response.json()
