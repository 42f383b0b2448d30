# family: aws
# label: bad
# source: own
# rule: aws/iam-wildcard-policy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_


def allow_everything(function: lambda_.Function) -> None:
    function.add_to_role_policy(
        iam.PolicyStatement(actions=["*"], resources=["*"])  # expect
    )
