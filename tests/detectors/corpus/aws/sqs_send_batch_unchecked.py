# family: aws
# label: bad
# source: own
import boto3

sqs = boto3.client("sqs")


def enqueue(queue_url: str, bodies: list[str]) -> None:
    entries = [{"Id": str(i), "MessageBody": body} for i, body in enumerate(bodies)]
    sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)  # expect
