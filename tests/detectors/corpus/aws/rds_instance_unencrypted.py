# family: aws
# label: bad
# source: own
# rule: aws/unencrypted-storage
import os

import boto3

rds = boto3.client("rds")


def create_reporting_db(name: str) -> None:
    rds.create_db_instance(  # expect
        DBInstanceIdentifier=name,
        DBInstanceClass="db.t4g.medium",
        Engine="postgres",
        AllocatedStorage=100,
        MasterUsername="reporting",
        ManageMasterUserPassword=True,
        StorageEncrypted=False,
        VpcSecurityGroupIds=[os.environ["DB_SECURITY_GROUP"]],
    )
