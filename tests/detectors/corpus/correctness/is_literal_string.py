# family: correctness
# label: bad
# source: own
def is_admin(role: str) -> bool:
    return role is "admin"  # expect
