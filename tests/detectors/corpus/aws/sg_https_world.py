# family: aws
# label: good
# source: own
# rule: aws/open-security-group
import boto3

ec2 = boto3.client("ec2")


def open_load_balancer(group_id: str, office_cidr: str) -> None:
    ec2.authorize_security_group_ingress(
        GroupId=group_id,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
             "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "public https"}]},
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
             "IpRanges": [{"CidrIp": office_cidr, "Description": "office ssh"}]},
        ],
    )
