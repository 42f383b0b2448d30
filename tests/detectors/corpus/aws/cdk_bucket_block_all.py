# family: aws
# label: good
# source: own
# rule: aws/public-access-block-disabled
from aws_cdk import Stack
from aws_cdk import aws_s3 as s3
from constructs import Construct


class AssetsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        s3.Bucket(
            self,
            "Assets",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
        )
