# family: aws
# label: good
# source: own
import boto3

s3 = boto3.client("s3")


def publish_report(path: str, key: str) -> str:
    s3.upload_file(path, "reports", key)
    return s3.generate_presigned_url(
        "get_object", Params={"Bucket": "reports", "Key": key}, ExpiresIn=3600
    )
