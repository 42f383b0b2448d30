# family: aws
# label: bad
# source: own
import json

import boto3

kinesis = boto3.client("kinesis")


def publish(events: list[dict]) -> None:
    records = [{"Data": json.dumps(e).encode(), "PartitionKey": e["user"]} for e in events]
    kinesis.put_records(StreamName="clicks", Records=records)  # expect
