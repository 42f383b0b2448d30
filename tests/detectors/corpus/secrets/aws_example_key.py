# family: secrets
# label: good
# source: own
# rule: secrets/aws-access-key
# the AWS documentation's example key, used in our setup guide
EXAMPLE_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
