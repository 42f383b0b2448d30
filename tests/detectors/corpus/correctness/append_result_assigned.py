# family: correctness
# label: bad
# source: own
# rule: python/assign-inplace-result
def with_audit_columns(columns: list[str]) -> list[str]:
    result = list(columns)
    result = result.append("created_at")  # expect
    return result
