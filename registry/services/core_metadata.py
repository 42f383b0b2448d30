"""Core metadata (PEP 566) read back from stored bytes: a verified wheel's METADATA and
the JSON API's view of it."""

from __future__ import annotations

import email.parser
import email.policy
import zipfile
from pathlib import Path
from typing import Any


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
    message = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(raw)
    single = {
        "summary": "Summary", "author": "Author", "author_email": "Author-email",
        "license": "License", "license_expression": "License-Expression",
        "home_page": "Home-page", "keywords": "Keywords", "maintainer": "Maintainer",
        "maintainer_email": "Maintainer-email", "requires_python": "Requires-Python",
        "description_content_type": "Description-Content-Type", "download_url": "Download-URL",
        "platform": "Platform",
    }  # fmt: skip
    meta: dict[str, Any] = {key: message.get(header) for key, header in single.items()}
    meta["requires_dist"] = message.get_all("Requires-Dist") or []
    meta["classifiers"] = message.get_all("Classifier") or []
    meta["provides_extra"] = message.get_all("Provides-Extra") or []
    meta["dynamic"] = message.get_all("Dynamic") or []
    meta["license_files"] = message.get_all("License-File") or []
    urls = {}
    for item in message.get_all("Project-URL") or []:
        label, _, url = item.partition(",")
        urls[label.strip()] = url.strip()
    meta["project_urls"] = urls
    body = message.get_payload()
    meta["description"] = message.get("Description") or (body if isinstance(body, str) else None)
    return meta
