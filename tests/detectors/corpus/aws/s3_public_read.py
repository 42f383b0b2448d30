# family: aws
# label: bad
# source: own
import boto3

s3 = boto3.client("s3")


def publish_report(path: str, key: str) -> None:
    s3.upload_file(path, "reports", key, ExtraArgs={"ACL": "public-read"})  # expect
