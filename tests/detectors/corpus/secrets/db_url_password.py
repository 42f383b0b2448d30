# family: secrets
# label: bad
# source: own
# rule: secrets/password-in-url
from sqlalchemy import create_engine

engine = create_engine("postgresql://billing:Tr0ub4dor-x93kq@db.internal:5432/billing")  # expect
