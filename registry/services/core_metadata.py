"""Core metadata (PEP 566) read back from stored bytes: a verified wheel's METADATA and
the JSON API's view of it."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from registry.core.pypi_json import core_metadata_fields


def wheel_metadata(path: Path) -> bytes | None:
    """METADATA of a wheel already verified against the remote's hash."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                parts = name.split("/")
                if len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] == "METADATA":
                    info = archive.getinfo(name)
                    if info.file_size > 8 * 1024 * 1024:
                        return None
                    return archive.read(name)
    except (zipfile.BadZipFile, OSError):
        return None
    return None


def parse_metadata(raw: bytes) -> dict[str, Any]:
    """The JSON API's view of core metadata (lower-case, underscore names)."""
    return core_metadata_fields(raw)
