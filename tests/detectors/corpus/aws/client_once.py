# family: aws
# label: good
# source: own
import boto3

s3 = boto3.client("s3")


def archive(records: list[dict]) -> None:
    for record in records:
        s3.put_object(Bucket="archive", Key=record["id"], Body=record["body"])
