# family: secrets
# label: good
# source: own
PASSWORD_FIELD = "password"
TOKEN_HEADER = "X-Auth-Token"
SECRET_NAME = "prod/billing/db"
