# family: aws
# label: good
# source: own
# rule: aws/unencrypted-storage
import boto3

ec2 = boto3.client("ec2")


def add_scratch_volume(zone: str, size_gb: int, kms_key: str) -> str:
    volume = ec2.create_volume(
        AvailabilityZone=zone, Size=size_gb, VolumeType="gp3", Encrypted=True, KmsKeyId=kms_key
    )
    return volume["VolumeId"]
