# family: aws
# label: good
# source: own
# rule: aws/ssm-plaintext-secret
import boto3

ssm = boto3.client("ssm")


def store_db_password(env: str, password: str) -> None:
    ssm.put_parameter(
        Name=f"/{env}/db/password", Value=password, Type="SecureString", Overwrite=True
    )


def store_db_host(env: str, host: str) -> None:
    ssm.put_parameter(Name=f"/{env}/db/host", Value=host, Type="String", Overwrite=True)
