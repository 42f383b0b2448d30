# family: aws
# label: bad
# source: own
import json

import boto3


def lambda_handler(event, context):
    table = boto3.resource("dynamodb").Table("orders")  # expect
    table.put_item(Item=json.loads(event["body"]))
    return {"statusCode": 201}
