# family: aws
# label: good
# source: own
# rule: aws/public-access-block-disabled
import boto3

s3 = boto3.client("s3")


def lock_down(bucket: str) -> None:
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
