# family: aws
# label: good
# source: own
import json

import boto3

kinesis = boto3.client("kinesis")


def publish(events: list[dict]) -> list[dict]:
    records = [{"Data": json.dumps(e).encode(), "PartitionKey": e["user"]} for e in events]
    response = kinesis.put_records(StreamName="clicks", Records=records)
    return [r for r, out in zip(records, response["Records"]) if "ErrorCode" in out]
