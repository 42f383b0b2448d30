# family: aws
# label: good
# source: own
# rule: aws/hardcoded-credentials
import json

import boto3


def partner_uploader(secret_id: str):
    secret = boto3.client("secretsmanager").get_secret_value(SecretId=secret_id)
    keys = json.loads(secret["SecretString"])
    return boto3.client(
        "s3", aws_access_key_id=keys["id"], aws_secret_access_key=keys["secret"]
    )
