# family: aws
# label: good
# source: own
# rule: aws/iam-wildcard-policy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_


def allow_table_reads(function: lambda_.Function, table: dynamodb.Table) -> None:
    function.add_to_role_policy(
        iam.PolicyStatement(actions=["dynamodb:GetItem", "dynamodb:Query"], resources=[table.table_arn])
    )
