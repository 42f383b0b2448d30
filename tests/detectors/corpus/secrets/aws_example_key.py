# family: secrets
# label: good
# source: own
# the AWS documentation's example key, used in our setup guide
EXAMPLE_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
