# family: permissions
# label: good
# source: own
import pathlib
import tempfile


def build(files: dict[str, str]) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
        return sorted(p.name for p in root.iterdir())
