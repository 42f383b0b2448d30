"""Simple repository API pages: one dict (PEP 691 JSON shape, api-version 1.1 with PEP 700
fields) rendered either as JSON or as PEP 503 HTML (with PEP 592/658/714 attributes)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from html import escape
from typing import Any

from packaging.version import InvalidVersion, Version

from registry.core.model import FileRecord

API_VERSION = "1.1"
Page = dict[str, Any]


def _iso(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _version_key(version: str) -> tuple[int, Version | str]:
    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def index_page(project_names: Iterable[str]) -> Page:
    names = sorted(set(project_names), key=str.lower)
    return {"meta": {"api-version": API_VERSION}, "projects": [{"name": n} for n in names]}


def project_page(
    normalized: str, files: Iterable[FileRecord], file_url: Callable[[FileRecord], str]
) -> Page:
    """The detail page for one project; *file_url* gives each file's download URL."""
    records = sorted(files, key=lambda f: (_version_key(f.version), f.filename))
    entries = []
    for f in records:
        entry: dict[str, Any] = {
            "filename": f.filename,
            "url": file_url(f),
            "hashes": {"sha256": f.sha256},
            "requires-python": f.requires_python,
            "size": f.size,
            "upload-time": _iso(f.upload_time),
            "yanked": (f.yanked_reason or True) if f.yanked else False,
        }
        if f.metadata_sha256:
            entry["core-metadata"] = {"sha256": f.metadata_sha256}
        entries.append(entry)
    versions = sorted({f.version for f in records}, key=_version_key)
    return {
        "meta": {"api-version": API_VERSION},
        "name": normalized,
        "versions": versions,
        "files": entries,
    }


def render_json(page: Page) -> bytes:
    return json.dumps(page, sort_keys=True, separators=(",", ":")).encode()


def render_index_html(page: Page, project_href: Callable[[str], str]) -> bytes:
    links = "\n".join(
        f'    <a href="{escape(project_href(p["name"]))}">{escape(p["name"])}</a><br/>'
        for p in page["projects"]
    )
    return _html("Simple index", links)


def render_project_html(page: Page) -> bytes:
    lines = []
    for f in page["files"]:
        attrs = [f'href="{escape(f["url"])}#sha256={escape(f["hashes"]["sha256"])}"']
        if f.get("requires-python"):
            attrs.append(f'data-requires-python="{escape(f["requires-python"])}"')
        if f["yanked"] is not False:
            reason = "" if f["yanked"] is True else f["yanked"]
            attrs.append(f'data-yanked="{escape(reason)}"')
        core = f.get("core-metadata")
        if core:
            value = escape(f"sha256={core['sha256']}")
            attrs.append(f'data-core-metadata="{value}"')
            attrs.append(f'data-dist-info-metadata="{value}"')
        lines.append(f"    <a {' '.join(attrs)}>{escape(f['filename'])}</a><br/>")
    return _html(f"Links for {page['name']}", "\n".join(lines))


def _html(title: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html>\n<html>\n  <head>\n"
        f'    <meta name="pypi:repository-version" content="{API_VERSION}">\n'
        f"    <title>{escape(title)}</title>\n  </head>\n  <body>\n"
        f"    <h1>{escape(title)}</h1>\n{body}\n  </body>\n</html>\n"
    ).encode()
