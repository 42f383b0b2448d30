# family: aws
# label: good
# source: own
import boto3


def reports_bucket(profile: str):
    session = boto3.session.Session(profile_name=profile)
    return session.client("s3")
