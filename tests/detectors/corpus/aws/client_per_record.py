# family: aws
# label: bad
# source: own
import boto3


def archive(records: list[dict]) -> None:
    for record in records:
        s3 = boto3.client("s3")  # expect
        s3.put_object(Bucket="archive", Key=record["id"], Body=record["body"])
