# family: correctness
# label: bad
# source: own
# rule: python/raise-not-implemented
class Exporter:
    def export(self, rows: list[dict]) -> bytes:
        raise NotImplemented  # expect


class CsvExporter(Exporter):
    def export(self, rows: list[dict]) -> bytes:
        header = ",".join(rows[0]) if rows else ""
        return "\n".join([header, *(",".join(map(str, r.values())) for r in rows)]).encode()
