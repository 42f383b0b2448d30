# family: aws
# label: bad
# source: own
# rule: aws/sqs-short-polling
import boto3

sqs = boto3.client("sqs")


def drain(queue_url: str, handle) -> None:
    while True:
        response = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)  # expect
        for message in response.get("Messages", []):
            handle(message["Body"])
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
