# family: secrets
# label: good
# source: own
# rule: secrets/basic-auth-header
import os

import requests

JENKINS = "https://ci.internal.example.net"


def trigger(job: str) -> None:
    auth = (os.environ["JENKINS_USER"], os.environ["JENKINS_TOKEN"])
    response = requests.post(f"{JENKINS}/job/{job}/build", auth=auth, timeout=10)
    response.raise_for_status()
