# family: aws
# label: bad
# source: own
# rule: aws/open-security-group
from aws_cdk import aws_ec2 as ec2


def database_security_group(scope, vpc: ec2.IVpc) -> ec2.SecurityGroup:
    group = ec2.SecurityGroup(scope, "DbSg", vpc=vpc)
    group.add_ingress_rule(ec2.Peer.any_ipv4(), ec2.Port.tcp(5432), "postgres")  # expect
    return group
