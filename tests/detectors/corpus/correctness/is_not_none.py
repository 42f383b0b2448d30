# family: correctness
# label: good
# source: own
def active_names(users: list[dict]) -> list[str]:
    return [u["name"] for u in users if u.get("deleted_at") is not None]
