# family: secrets
# label: good
# source: own
# rule: secrets/aws-secret-key
import os

# read by the nightly export job
EXPORT_SETTINGS = {
    "bucket": os.environ.get("EXPORT_BUCKET", "nightly-exports"),
    "aws_secret_access_key": os.environ["EXPORT_AWS_SECRET_ACCESS_KEY"],
}
