# family: correctness
# label: good
# source: own
def sort_columns(rows: list[dict], columns: list[str]) -> dict[str, list[dict]]:
    ordered = {}
    for column in columns:
        ordered[column] = sorted(rows, key=lambda row: row[column])
    return ordered
