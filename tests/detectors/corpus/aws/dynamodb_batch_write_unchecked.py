# family: aws
# label: bad
# source: own
import boto3

dynamodb = boto3.client("dynamodb")


def save_all(items: list[dict]) -> None:
    requests = [{"PutRequest": {"Item": item}} for item in items]
    dynamodb.batch_write_item(RequestItems={"events": requests})  # expect
