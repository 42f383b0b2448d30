# family: secrets
# label: good
# source: own
# rule: secrets/password-in-url
from sqlalchemy import create_engine

# local development only; the compose file creates this user
engine = create_engine("postgresql://app:${DB_PASSWORD}@localhost:5432/app")
