# family: secrets
# label: bad
# source: own
import requests

SLACK_BOT_TOKEN = "xoxb-2817364501-9182736450123-Qw7Er9Ty2Ui4Op6As8Df0Gh"  # expect


def post(channel: str, text: str) -> None:
    requests.post(
        "https://slack.com/api/chat.postMessage",
        headers={"Authorization": f"Bearer {SLACK_BOT_TOKEN}"},
        json={"channel": channel, "text": text},
        timeout=10,
    )
