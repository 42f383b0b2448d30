# family: aws
# label: bad
# source: own
# rule: aws/missing-pagination
import boto3

dynamodb = boto3.client("dynamodb")


def expired_sessions(table: str, now: int) -> list[dict]:
    response = dynamodb.scan(  # expect
        TableName=table,
        FilterExpression="expires_at < :now",
        ExpressionAttributeValues={":now": {"N": str(now)}},
    )
    return response["Items"]
