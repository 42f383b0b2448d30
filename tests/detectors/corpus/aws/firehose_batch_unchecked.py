# family: aws
# label: bad
# source: own
import boto3

firehose = boto3.client("firehose")


def ship(lines: list[bytes]) -> None:
    firehose.put_record_batch(  # expect
        DeliveryStreamName="logs", Records=[{"Data": line} for line in lines]
    )
