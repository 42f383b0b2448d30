# family: aws
# label: bad
# source: own
# rule: aws/iam-wildcard-policy
import json

import boto3

iam = boto3.client("iam")


def grant_ci_role(role_name: str) -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    iam.put_role_policy(  # expect
        RoleName=role_name, PolicyName="ci-deploy", PolicyDocument=json.dumps(policy)
    )
