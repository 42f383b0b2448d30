# family: aws
# label: good
# source: own
import boto3

sqs = boto3.client("sqs")


def create_jobs_queue(name: str, key_id: str) -> str:
    response = sqs.create_queue(QueueName=name, Attributes={"KmsMasterKeyId": key_id})
    return response["QueueUrl"]
