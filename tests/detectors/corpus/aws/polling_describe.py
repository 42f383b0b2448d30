# family: aws
# label: bad
# source: own
import time

import boto3

ec2 = boto3.client("ec2")


def wait_until_running(instance_id: str) -> None:
    while True:
        reservations = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"]  # expect
        if reservations[0]["Instances"][0]["State"]["Name"] == "running":
            return
        time.sleep(5)
