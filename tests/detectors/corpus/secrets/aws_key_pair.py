# family: secrets
# label: bad
# source: own
# rule: secrets/aws-access-key
AWS_ACCESS_KEY_ID = "AKIA4Q7XZ2LMN8PRT5VW"  # expect
AWS_SECRET_ACCESS_KEY = "q8Zr2Lk7Xw9Pm4Tn6Vb1Yc3Hd5Jf0Gs8Ka2Qe7Ru"  # expect
