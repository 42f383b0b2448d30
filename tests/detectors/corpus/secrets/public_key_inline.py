# family: secrets
# label: good
# source: own
# rule: secrets/private-key
VERIFY_KEY = """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA3Tz2mr7SZiAMfQyuvBjM2Q8b
-----END PUBLIC KEY-----"""
