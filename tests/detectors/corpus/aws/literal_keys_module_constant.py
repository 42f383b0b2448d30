# family: aws
# label: bad
# source: own
# rule: aws/hardcoded-credentials
import boto3

ACCESS_KEY_ID = "AKIA2E0A8F3B244C9986"
SECRET_ACCESS_KEY = "7Hk2pWq9/Zr4tLm8Vx1nB6yC3sD0fG5hJ2kL9qWe"


def uploader():
    return boto3.client(  # expect
        "s3", aws_access_key_id=ACCESS_KEY_ID, aws_secret_access_key=SECRET_ACCESS_KEY
    )
