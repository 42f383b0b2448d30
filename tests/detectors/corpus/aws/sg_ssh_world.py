# family: aws
# label: bad
# source: own
# rule: aws/open-security-group
import boto3

ec2 = boto3.client("ec2")


def open_bastion(group_id: str) -> None:
    ec2.authorize_security_group_ingress(  # expect
        GroupId=group_id,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
             "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "ssh"}]},
        ],
    )
