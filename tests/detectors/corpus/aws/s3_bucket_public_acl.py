# family: aws
# label: bad
# source: own
import boto3

s3 = boto3.client("s3")


def make_site_bucket(name: str) -> None:
    s3.create_bucket(Bucket=name, ACL="public-read-write")  # expect
