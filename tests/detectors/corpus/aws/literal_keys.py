# family: aws
# label: bad
# source: own
import boto3


def reports_bucket():
    session = boto3.session.Session()
    return session.client(  # expect
        "s3",
        aws_access_key_id="AKIAZ7XQ3P4EXAMPLEKEY",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
    )
