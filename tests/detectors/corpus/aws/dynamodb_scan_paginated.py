# family: aws
# label: good
# source: own
# rule: aws/missing-pagination
import boto3

dynamodb = boto3.client("dynamodb")


def expired_sessions(table: str, now: int) -> list[dict]:
    items: list[dict] = []
    for page in dynamodb.get_paginator("scan").paginate(
        TableName=table,
        FilterExpression="expires_at < :now",
        ExpressionAttributeValues={":now": {"N": str(now)}},
    ):
        items.extend(page["Items"])
    return items
