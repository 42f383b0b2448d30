# family: aws
# label: good
# source: own
import boto3

s3 = boto3.client("s3")


def all_keys(bucket: str) -> list[str]:
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys.extend(item["Key"] for item in page.get("Contents", []))
    return keys
