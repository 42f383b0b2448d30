"""The PyPI-compatible JSON API (``/pypi/<project>/json`` and ``/pypi/<project>/<version>/json``).

Pure: builds the dict warehouse serves, from neutral records the caller assembles (which
releases are visible is the caller's decision).  Shape follows warehouse's
``warehouse/legacy/api/json.py``: ``info``, ``last_serial``, ``releases`` (project endpoint
only), ``urls`` (files of the shown version) and ``vulnerabilities``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from packaging.metadata import parse_email
from packaging.utils import InvalidWheelFilename, parse_wheel_filename
from packaging.version import InvalidVersion, Version

from registry.core.errors import NotFound


class ReleaseNotFound(NotFound):
    def __init__(self, project: str, version: str) -> None:
        self.project, self.version = project, version
        super().__init__(f"project {project!r} has no release {version!r}")


@dataclass(frozen=True)
class JsonFile:
    filename: str
    url: str
    size: int
    sha256: str
    upload_time: datetime
    requires_python: str | None = None
    blake2b_256: str | None = None
    md5: str | None = None
    yanked: bool = False
    yanked_reason: str | None = None
    # This registry's review attestations of the file: {"count", "latest_verdict"} (None:
    # the key is left out, as on PyPI).
    attestations: Mapping[str, object] | None = None


@dataclass(frozen=True)
class JsonRelease:
    version: str
    files: Sequence[JsonFile]
    # Core-metadata fields by their lower-case, underscore name (summary, requires_dist, …).
    metadata: Mapping[str, object] = field(default_factory=dict)
    yanked: bool = False
    yanked_reason: str | None = None


INFO_TEXT_FIELDS = (
    "author", "author_email", "description", "description_content_type", "download_url",
    "home_page", "keywords", "license", "license_expression", "maintainer",
    "maintainer_email", "platform", "summary",
)  # fmt: skip
INFO_LIST_FIELDS = ("classifiers", "dynamic", "license_files", "provides_extra")


def core_metadata_fields(raw: bytes) -> dict[str, object]:
    """The JSON API's view of a file's core metadata (lower-case, underscore names), parsed
    by packaging so that every value is text: RFC 2047 or raw UTF-8 headers (non-ASCII
    authors, summaries) decode instead of leaking email Header objects. A field the file
    repeats or garbles is left out, as the upload check reports it."""
    fields, _unparsed = parse_email(raw)
    get = fields.get
    keywords = get("keywords")
    platforms = get("platforms")
    return {
        **{key: get(key) for key in INFO_TEXT_FIELDS if key not in ("keywords", "platform")},
        # As warehouse stores them: keywords joined with ", ", the first Platform.
        "keywords": ", ".join(keywords) if keywords else None,
        "platform": platforms[0] if platforms else None,
        "requires_python": get("requires_python"),
        "requires_dist": list(get("requires_dist") or ()),
        "classifiers": list(get("classifiers") or ()),
        "provides_extra": list(get("provides_extra") or ()),
        "dynamic": list(get("dynamic") or ()),
        "license_files": list(get("license_files") or ()),
        "project_urls": dict(get("project_urls") or {}),
    }


def packagetype(filename: str) -> str:
    if filename.endswith(".whl"):
        return "bdist_wheel"
    if filename.endswith(".egg"):
        return "bdist_egg"
    return "sdist"


def python_version(filename: str) -> str:
    if filename.endswith(".whl"):
        try:
            parse_wheel_filename(filename)
        except InvalidWheelFilename:
            return "any"
        return filename[:-4].split("-")[-3]
    return "source"


def _iso(moment: datetime) -> tuple[str, str]:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    utc = aware.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S"), utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def file_json(item: JsonFile) -> dict[str, object]:
    upload_time, upload_time_iso = _iso(item.upload_time)
    digests = {"sha256": item.sha256}
    if item.blake2b_256:
        digests["blake2b_256"] = item.blake2b_256
    if item.md5:
        digests["md5"] = item.md5
    document: dict[str, object] = {
        "comment_text": "",
        "digests": digests,
        "downloads": -1,
        "filename": item.filename,
        "has_sig": False,
        "md5_digest": item.md5,
        "packagetype": packagetype(item.filename),
        "python_version": python_version(item.filename),
        "requires_python": item.requires_python,
        "size": item.size,
        "upload_time": upload_time,
        "upload_time_iso_8601": upload_time_iso,
        "url": item.url,
        "yanked": item.yanked,
        "yanked_reason": item.yanked_reason,
    }
    if item.attestations is not None:
        document["attestations"] = dict(item.attestations)
    return document


def _sort_key(release: JsonRelease) -> tuple[int, Version | str]:
    try:
        return (1, Version(release.version))
    except InvalidVersion:
        return (0, release.version)


def latest_release(releases: Sequence[JsonRelease]) -> JsonRelease:
    """Warehouse's choice: newest stable non-yanked, else newest non-yanked, else newest."""
    ordered = sorted(releases, key=_sort_key, reverse=True)
    for candidates in (
        [r for r in ordered if not r.yanked and not _is_prerelease(r.version)],
        [r for r in ordered if not r.yanked],
        ordered,
    ):
        if candidates:
            return candidates[0]
    raise ValueError("a project needs at least one release")


def _is_prerelease(version: str) -> bool:
    try:
        return Version(version).is_prerelease
    except InvalidVersion:
        return False


def _info(name: str, release: JsonRelease, project_url: str) -> dict[str, object]:
    meta = release.metadata
    info: dict[str, object] = {key: meta.get(key) for key in INFO_TEXT_FIELDS}
    info.update({key: list(meta.get(key) or ()) for key in INFO_LIST_FIELDS})  # type: ignore[call-overload]
    requires_dist = list(meta.get("requires_dist") or ())  # type: ignore[call-overload]
    project_urls = dict(meta.get("project_urls") or {})  # type: ignore[call-overload]
    info.update(
        {
            "bugtrack_url": None,
            "docs_url": None,
            "downloads": {"last_day": -1, "last_month": -1, "last_week": -1},
            "name": name,
            "package_url": project_url,
            "project_url": project_url,
            "project_urls": project_urls or None,
            "release_url": f"{project_url}{release.version}/",
            "requires_dist": requires_dist or None,
            "requires_python": meta.get("requires_python") or "",
            "version": release.version,
            "yanked": release.yanked,
            "yanked_reason": release.yanked_reason,
        }
    )
    return dict(sorted(info.items()))


def project_json(
    name: str,
    releases: Sequence[JsonRelease],
    project_url: str,
    version: str | None = None,
    last_serial: int = 0,
) -> dict[str, object]:
    """The JSON document for a project (``version=None``) or for one of its releases.

    ``project_url`` is the human project URL ending in ``/`` (``…/pypi/<name>/``).
    """
    if version is None:
        shown = latest_release(releases)
    else:
        by_version = {r.version: r for r in releases}
        if version not in by_version:
            try:
                wanted = Version(version)
            except InvalidVersion:
                raise ReleaseNotFound(name, version) from None
            matches = [r for r in releases if _sort_key(r) == (1, wanted)]
            if not matches:
                raise ReleaseNotFound(name, version)
            by_version[version] = matches[0]
        shown = by_version[version]
    document: dict[str, object] = {
        "info": _info(name, shown, project_url),
        "last_serial": last_serial,
    }
    if version is None:
        document["releases"] = {
            r.version: [file_json(f) for f in sorted(r.files, key=lambda f: f.filename)]
            for r in sorted(releases, key=_sort_key)
        }
    document["urls"] = [file_json(f) for f in sorted(shown.files, key=lambda f: f.filename)]
    document["vulnerabilities"] = []
    return document
