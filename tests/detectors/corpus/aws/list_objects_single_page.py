# family: aws
# label: bad
# source: own
import boto3

s3 = boto3.client("s3")


def all_keys(bucket: str) -> list[str]:
    response = s3.list_objects_v2(Bucket=bucket)  # expect
    return [item["Key"] for item in response.get("Contents", [])]
