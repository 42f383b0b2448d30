# family: aws
# label: good
# source: own
import time

import boto3

dynamodb = boto3.client("dynamodb")


def save_all(items: list[dict]) -> None:
    pending = {"events": [{"PutRequest": {"Item": item}} for item in items]}
    while pending:
        response = dynamodb.batch_write_item(RequestItems=pending)
        pending = response.get("UnprocessedItems") or {}
        if pending:
            time.sleep(0.5)
