# family: aws
# label: good
# source: own
from aws_cdk import Stack, aws_sqs
from constructs import Construct


class JobsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        aws_sqs.Queue(self, "Jobs", encryption=aws_sqs.QueueEncryption.KMS_MANAGED)
