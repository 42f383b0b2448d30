# family: secrets
# label: bad
# source: own
# rule: secrets/token
import requests

GITHUB_TOKEN = "ghp_x7Kq2LmN9pR4sT6vW8yZ1aB3cD5eF7gH9jK2"  # expect


def open_issues(repo: str) -> list[dict]:
    response = requests.get(
        f"https://api.github.com/repos/{repo}/issues",
        headers={"Authorization": f"Bearer {GITHUB_TOKEN}"},
        timeout=10,
    )
    return response.json()
