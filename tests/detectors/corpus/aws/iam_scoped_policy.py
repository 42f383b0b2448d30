# family: aws
# label: good
# source: own
# rule: aws/iam-wildcard-policy
import json

import boto3

iam = boto3.client("iam")


def grant_ci_role(role_name: str, bucket: str) -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"],
             "Resource": f"arn:aws:s3:::{bucket}/releases/*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        ],
    }
    iam.put_role_policy(RoleName=role_name, PolicyName="ci-deploy", PolicyDocument=json.dumps(policy))
