"""Parse a remote index's project page (PEP 691 JSON or PEP 503 HTML) into neutral records.

Pure: stdlib only.  The external-connection service fetches the bytes; this module only
reads them.  JSON (api-version 1.x) is preferred; HTML is the fallback every index speaks.
PEP 714: ``core-metadata`` / ``data-core-metadata`` win over the older ``dist-info-metadata``
spelling, which is still read for old servers.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

JSON_CONTENT_TYPE = "application/vnd.pypi.simple.v1+json"
HTML_CONTENT_TYPE = "application/vnd.pypi.simple.v1+html"
# What we send: JSON preferred, any HTML as a fallback.
ACCEPT_HEADER = f"{JSON_CONTENT_TYPE}, {HTML_CONTENT_TYPE};q=0.2, text/html;q=0.1"


class RemoteIndexError(ValueError):
    """The remote answered with something that is not a usable simple-API project page."""


# A core-metadata hash set, ``True`` when offered without a hash, ``False`` when not offered.
CoreMetadata = bool | Mapping[str, str]


@dataclass(frozen=True)
class RemoteFile:
    filename: str
    url: str  # absolute, fragment removed
    hashes: Mapping[str, str] = field(default_factory=dict)
    requires_python: str | None = None
    yanked: bool = False
    yanked_reason: str | None = None
    core_metadata: CoreMetadata = False
    size: int | None = None
    upload_time: str | None = None

    @property
    def sha256(self) -> str | None:
        return self.hashes.get("sha256")


@dataclass(frozen=True)
class RemoteProjectPage:
    name: str | None
    files: tuple[RemoteFile, ...]
    api_version: str | None = None
    versions: tuple[str, ...] | None = None

    def file(self, filename: str) -> RemoteFile | None:
        for remote_file in self.files:
            if remote_file.filename == filename:
                return remote_file
        return None


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def parse_project_page(body: bytes, content_type: str | None, page_url: str) -> RemoteProjectPage:
    """Parse a project page; ``page_url`` is the final URL (after redirects) for relative links."""
    kind = media_type(content_type)
    if kind in (JSON_CONTENT_TYPE, "application/json"):
        return parse_json_page(body, page_url)
    if kind in (HTML_CONTENT_TYPE, "text/html", ""):
        return parse_html_page(body, page_url)
    raise RemoteIndexError(
        f"the remote index answered {page_url} with content type {content_type!r}, "
        "which is neither PEP 691 JSON nor HTML"
    )


# --- PEP 691 JSON ------------------------------------------------------------------------


def _check_api_version(version: object, page_url: str) -> str | None:
    if version is None:
        return None
    text = str(version)
    if text.split(".", 1)[0] != "1":
        raise RemoteIndexError(
            f"the remote index at {page_url} speaks simple API version {text}; "
            "only 1.x is supported"
        )
    return text


def _core_metadata_value(value: object) -> CoreMetadata:
    if isinstance(value, Mapping):
        return {str(k).lower(): str(v).lower() for k, v in value.items()}
    return bool(value)


def parse_json_page(body: bytes, page_url: str) -> RemoteProjectPage:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RemoteIndexError(
            f"the remote index sent invalid JSON for {page_url}: {exc}"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise RemoteIndexError(f"the remote index's JSON page {page_url} has no 'files' list")
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    api_version = _check_api_version(meta.get("api-version"), page_url)
    files: list[RemoteFile] = []
    for entry in data["files"]:
        if not isinstance(entry, dict) or "filename" not in entry or "url" not in entry:
            raise RemoteIndexError(
                f"the remote index's JSON page {page_url} has a file entry without filename/url"
            )
        url, _ = urldefrag(urljoin(page_url, str(entry["url"])))
        hashes = entry.get("hashes") or {}
        yanked = entry.get("yanked", False)
        if "core-metadata" in entry:
            core_metadata = _core_metadata_value(entry["core-metadata"])
        else:
            core_metadata = _core_metadata_value(entry.get("dist-info-metadata", False))
        size = entry.get("size")
        files.append(
            RemoteFile(
                filename=str(entry["filename"]),
                url=url,
                hashes={str(k).lower(): str(v).lower() for k, v in dict(hashes).items()},
                requires_python=entry.get("requires-python") or None,
                yanked=bool(yanked),
                yanked_reason=yanked if isinstance(yanked, str) and yanked else None,
                core_metadata=core_metadata,
                size=size if isinstance(size, int) else None,
                upload_time=entry.get("upload-time"),
            )
        )
    versions = data.get("versions")
    return RemoteProjectPage(
        name=data.get("name"),
        files=tuple(files),
        api_version=api_version,
        versions=tuple(str(v) for v in versions) if isinstance(versions, list) else None,
    )


# --- PEP 503 HTML ------------------------------------------------------------------------


def _hash_from_fragment(fragment: str) -> dict[str, str]:
    name, sep, value = fragment.partition("=")
    if sep and name and value:
        return {name.lower(): value.lower()}
    return {}


def _core_metadata_attr(value: str | None) -> CoreMetadata:
    if value is None:
        return False
    if value.strip().lower() == "true":
        return True
    parsed = _hash_from_fragment(value.strip())
    return parsed or False


class _AnchorCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[tuple[dict[str, str | None], str]] = []
        self.base_href: str | None = None
        self.api_version: str | None = None
        self._open: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a":
            self._open, self._text = attributes, []
        elif tag == "base" and attributes.get("href") and self.base_href is None:
            self.base_href = attributes["href"]
        elif tag == "meta" and attributes.get("name") == "pypi:repository-version":
            self.api_version = attributes.get("content")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.anchors.append((self._open, "".join(self._text).strip()))
            self._open = None


def parse_html_page(body: bytes, page_url: str) -> RemoteProjectPage:
    collector = _AnchorCollector()
    collector.feed(body.decode("utf-8", errors="replace"))
    collector.close()
    api_version = _check_api_version(collector.api_version, page_url)
    base = urljoin(page_url, collector.base_href) if collector.base_href else page_url
    files: list[RemoteFile] = []
    for attributes, text in collector.anchors:
        href = attributes.get("href")
        if not href:
            continue
        url, fragment = urldefrag(urljoin(base, href))
        filename = unquote(posixpath.basename(urlsplit(url).path)) or text
        if not filename:
            continue
        yanked_attr = attributes.get("data-yanked")
        if "data-core-metadata" in attributes:
            core_metadata = _core_metadata_attr(attributes["data-core-metadata"])
        else:
            core_metadata = _core_metadata_attr(attributes.get("data-dist-info-metadata"))
        files.append(
            RemoteFile(
                filename=filename,
                url=url,
                hashes=_hash_from_fragment(fragment),
                requires_python=attributes.get("data-requires-python") or None,
                yanked="data-yanked" in attributes,
                yanked_reason=yanked_attr or None,
                core_metadata=core_metadata,
            )
        )
    return RemoteProjectPage(name=None, files=tuple(files), api_version=api_version)
