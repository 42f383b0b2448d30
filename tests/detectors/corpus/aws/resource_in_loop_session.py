# family: aws
# label: bad
# source: own
import boto3


def tag_buckets(names: list[str]) -> None:
    for name in names:
        bucket = boto3.resource("s3").Bucket(name)  # expect
        bucket.Tagging().put(Tagging={"TagSet": [{"Key": "team", "Value": "data"}]})
