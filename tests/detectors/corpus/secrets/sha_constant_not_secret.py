# family: secrets
# label: good
# source: own
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
CACHE_VERSION = "2024-05-01"
