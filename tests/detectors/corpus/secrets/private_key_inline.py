# family: secrets
# label: bad
# source: own
# rule: secrets/private-key
SIGNING_KEY = """-----BEGIN RSA PRIVATE KEY-----  # expect
MIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Q8bM4yM7lF0w5oKc1mKf6h1vYx8
Qm9v0PpZk3o9tJ8z2R0fB7y6qH4wXkLq1dS5cF2nA8mV3eT7uY9iO0pL6jK4hG2f
-----END RSA PRIVATE KEY-----"""
