# family: aws
# label: bad
# source: own
# rule: aws/unencrypted-storage
from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from constructs import Construct


class DatabaseStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, vpc: ec2.IVpc) -> None:
        super().__init__(scope, construct_id)
        rds.DatabaseInstance(  # expect
            self,
            "Reporting",
            engine=rds.DatabaseInstanceEngine.POSTGRES,
            vpc=vpc,
        )
