# family: aws
# label: bad
# source: own
# rule: aws/ssm-plaintext-secret
import boto3

ssm = boto3.client("ssm")


def store_db_password(env: str, password: str) -> None:
    ssm.put_parameter(  # expect
        Name=f"/{env}/db/password", Value=password, Type="String", Overwrite=True
    )
