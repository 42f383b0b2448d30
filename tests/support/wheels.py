"""Small, valid pure-Python wheels built in memory (METADATA with an optional long
description, WHEEL, RECORD), for tests that need real uploads but no build step."""

from __future__ import annotations

import base64
import hashlib
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


def recorded_wheel(
    name: str, version: str, deps: tuple[str, ...] = (), salt: str = ""
) -> tuple[str, bytes]:
    """A complete pure-Python wheel whose RECORD lists every member's hash, as installers
    check it; `salt` makes otherwise equal wheels differ (another sha256)."""
    module = name.replace("-", "_")
    info = f"{module}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {name} {salt}\n"
    metadata += "".join(f"Requires-Dist: {d}\n" for d in deps)
    members = {
        f"{module}/__init__.py": f'__version__ = "{version}"\nORIGIN = "{salt}"\n'.encode(),
        f"{info}/METADATA": metadata.encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: codeyard-tests\n"
        b"Root-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, data in members.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    members[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in members.items():
            zf.writestr(path, data)
    return f"{module}-{version}-py3-none-any.whl", buf.getvalue()
