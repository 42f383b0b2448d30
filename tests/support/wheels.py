"""Small, valid pure-Python wheels built in memory (METADATA with an optional long
description, WHEEL, RECORD), for tests that need real uploads but no build step."""

from __future__ import annotations

import io
import zipfile


def wheel(name: str, version: str, description: str = "", summary: str = "") -> tuple[str, bytes]:
    module = name.replace("-", "_")
    info = f"{module}-{version}.dist-info"
    metadata = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {summary}\n"
        "Requires-Python: >=3.9\nDescription-Content-Type: text/markdown\n\n" + description
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{module}/__init__.py", f'__version__ = "{version}"\n')
        zf.writestr(f"{info}/METADATA", metadata)
        zf.writestr(
            f"{info}/WHEEL",
            "Wheel-Version: 1.0\nGenerator: codeyard-tests\nRoot-Is-Purelib: true\n"
            "Tag: py3-none-any\n",
        )
        zf.writestr(f"{info}/RECORD", "")
    return f"{module}-{version}-py3-none-any.whl", buf.getvalue()
