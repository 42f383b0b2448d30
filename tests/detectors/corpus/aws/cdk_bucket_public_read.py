# family: aws
# label: bad
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
            block_public_access=s3.BlockPublicAccess(block_public_policy=False, restrict_public_buckets=False),  # expect
            public_read_access=True,
        )
