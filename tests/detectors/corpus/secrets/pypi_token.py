# family: secrets
# label: bad
# source: own
TWINE_PASSWORD = "pypi-AgEIcHlwaS5vcmcCJDQ3ZjE5YjQ4LTk1ZDAtNGQ3Mi1hN2M3LWU4MzdiNjM5ZTZjMQACKlszLCJmNGI"  # expect
