# family: aws
# label: bad
# source: own
# rule: aws/public-access-block-disabled
import boto3

s3 = boto3.client("s3")


def open_static_site(bucket: str) -> None:
    s3.put_public_access_block(  # expect
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": False,
            "IgnorePublicAcls": False,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
    )
