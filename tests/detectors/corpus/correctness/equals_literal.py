# family: correctness
# label: good
# source: own
def is_admin(role: str) -> bool:
    return role == "admin"
