# family: aws
# label: good
# source: own
import boto3

ec2 = boto3.client("ec2")


def wait_until_running(instance_id: str) -> None:
    ec2.get_waiter("instance_running").wait(InstanceIds=[instance_id])
