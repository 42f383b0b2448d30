# family: secrets
# label: bad
# source: own
# rule: secrets/aws-secret-key
import os

# read by the nightly export job
EXPORT_SETTINGS = {
    "bucket": os.environ.get("EXPORT_BUCKET", "nightly-exports"),
    "aws_secret_access_key": "q8Vd3LmZ7xR2pT9wK4nB1cF6hJ0sY5gA3eU7iO2r",  # expect
}
