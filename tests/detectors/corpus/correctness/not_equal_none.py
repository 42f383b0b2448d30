# family: correctness
# label: bad
# source: own
def active_names(users: list[dict]) -> list[str]:
    return [u["name"] for u in users if u.get("deleted_at") != None]  # expect
