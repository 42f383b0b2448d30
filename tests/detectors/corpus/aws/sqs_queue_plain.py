# family: aws
# label: bad
# source: own
import boto3

sqs = boto3.client("sqs")


def create_jobs_queue(name: str) -> str:
    response = sqs.create_queue(QueueName=name)  # expect
    return response["QueueUrl"]
