# family: aws
# label: good
# source: own
import json

import boto3

TABLE = boto3.resource("dynamodb").Table("orders")


def lambda_handler(event, context):
    TABLE.put_item(Item=json.loads(event["body"]))
    return {"statusCode": 201}
