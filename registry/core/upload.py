"""The legacy upload API's form, and the checks PyPI applies to it (all problems at once)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, cast

from packaging.metadata import (
    _RAW_TO_EMAIL_MAPPING,
    InvalidMetadata,
    Metadata,
    RawMetadata,
    parse_email,
)
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from registry.core.archive import top_level_directory
from registry.core.filenames import BadFilename, DistFilename, parse_dist_filename

SUPPORTED_FILETYPES = {"bdist_wheel", "sdist"}


@dataclass(frozen=True)
class Digests:
    sha256: str
    blake2_256: str
    md5: str
    size: int

    @classmethod
    def of_stream(cls, stream: IO[bytes], chunk: int = 1024 * 1024) -> Digests:
        sha, blake, md5 = (
            hashlib.sha256(),
            hashlib.blake2b(digest_size=32),
            hashlib.md5(usedforsecurity=False),
        )
        size = 0
        while block := stream.read(chunk):
            size += len(block)
            sha.update(block)
            blake.update(block)
            md5.update(block)
        return cls(sha.hexdigest(), blake.hexdigest(), md5.hexdigest(), size)


@dataclass(frozen=True)
class UploadForm:
    """What the client sent, as strings; fields holds every (multi-valued) metadata field."""

    action: str | None
    protocol_version: str | None
    filename: str
    filetype: str | None = None
    sha256_digest: str | None = None
    blake2_256_digest: str | None = None
    md5_digest: str | None = None
    fields: dict[str, list[str]] = field(default_factory=dict)

    def first(self, name: str) -> str | None:
        values = self.fields.get(name) or []
        return values[0] if values else None


def check_form(form: UploadForm, digests: Digests) -> tuple[list[str], DistFilename | None]:
    """Problems with the request itself (action, filename, digests, name/version fields)."""
    problems: list[str] = []
    if form.action != "file_upload":
        problems.append(f"':action' must be 'file_upload', got {form.action!r}")
    if form.protocol_version not in (None, "1"):
        problems.append(f"'protocol_version' must be '1', got {form.protocol_version!r}")
    dist: DistFilename | None = None
    try:
        dist = parse_dist_filename(form.filename)
    except BadFilename as exc:
        problems.append(str(exc))
    if dist and form.filetype and form.filetype != dist.kind:
        problems.append(f"'filetype' is {form.filetype!r} but {dist.filename} is a {dist.kind}")
    problems.extend(_digest_problems(form, digests))
    name, version = form.first("name"), form.first("version")
    if not name:
        problems.append("the 'name' field is missing")
    if not version:
        problems.append("the 'version' field is missing")
    if dist and name and canonicalize_name(name) != dist.name:
        problems.append(
            f"the 'name' field {name!r} does not match the project in the filename "
            f"{dist.filename!r} ({dist.name!r})"
        )
    if dist and version:
        try:
            if Version(version) != dist.version:
                problems.append(
                    f"the 'version' field {version!r} does not match the version in the "
                    f"filename {dist.filename!r} ({dist.version})"
                )
        except InvalidVersion:
            problems.append(f"the 'version' field {version!r} is not a valid PEP 440 version")
    if digests.size == 0:
        problems.append("the uploaded file is empty")
    return problems, dist


def _digest_problems(form: UploadForm, digests: Digests) -> Iterable[str]:
    given = {
        "sha256_digest": (form.sha256_digest, digests.sha256),
        "blake2_256_digest": (form.blake2_256_digest, digests.blake2_256),
        "md5_digest": (form.md5_digest, digests.md5),
    }
    present = {k: v for k, v in given.items() if v[0]}
    if not present:
        yield "send at least one of 'sha256_digest', 'blake2_256_digest' or 'md5_digest'"
    for key, (claimed, actual) in present.items():
        # As bytes: compare_digest refuses str with non-ASCII characters (found by fuzzing).
        if not hmac.compare_digest(claimed.strip().lower().encode(), actual.encode()):
            yield (
                f"'{key}' {claimed!r} does not match the uploaded bytes ({actual}); "
                "the file was corrupted in transit or the digest is for another file"
            )


@dataclass(frozen=True)
class CoreMetadata:
    name: str
    version: str
    requires_python: str | None
    summary: str | None
    metadata_version: str
    # License-File entries PyPI holds the archive to (2.4 and later: below that, setuptools
    # wrote them with other semantics and twine does not send them).
    license_files: tuple[str, ...] = ()


# The Metadata-Versions PyPI's upload accepts today, plus "2.0": bdist_wheel before 0.31 wrote
# it (1.2 with Provides-Extra) into files PyPI still serves; we read it as 2.1.
SUPPORTED_METADATA_VERSIONS = ("1.0", "1.1", "1.2", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5")
SUMMARY_LIMIT = 512  # characters, as PyPI
PROJECT_URL_LABEL_LIMIT = 32  # characters, as PyPI
# PEP 643 fields that may be Dynamic (warehouse's list); Name, Version and Metadata-Version may not.
DYNAMIC_FIELDS = frozenset(
    f.lower()
    for f in (
        "Platform", "Supported-Platform", "Summary", "Description", "Description-Content-Type",
        "Keywords", "Home-Page", "Download-Url", "Author", "Author-Email", "Maintainer",
        "Maintainer-Email", "License", "License-Expression", "License-File", "Classifier",
        "Requires-Dist", "Requires-Python", "Requires-External", "Project-Url",
        "Provides-Extra", "Provides-Dist", "Obsoletes-Dist", "Requires", "Provides",
        "Obsoletes", "Import-Name", "Import-Namespace",
    )
)  # fmt: skip
_EMAIL_NAMES = {v.lower(): k for k, v in _RAW_TO_EMAIL_MAPPING.items()}


def check_core_metadata(
    raw: bytes, dist: DistFilename, form: UploadForm
) -> tuple[list[str], CoreMetadata | None]:
    """Validate METADATA/PKG-INFO field by field as PyPI's upload does, and compare it with the
    filename and the form. Every problem is reported at once.

    Differences from PyPI on purpose (docs/registry.md, "Validation: where we differ from
    PyPI"): a field written before the declared Metadata-Version admitted it is judged on its
    own rules instead of refused (real tools did that for years, and PyPI serves those files),
    "2.0" is a Metadata-Version, and unknown fields are ignored as PyPI ignores form fields it
    does not know.
    """
    source = "METADATA" if dist.is_wheel else "PKG-INFO"
    try:
        fields, unparsed = parse_email(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return [f"{source}: cannot be read as core metadata ({exc})"], None
    problems = [
        # A known field that could not be parsed (repeated single field, bad encoding).
        f"{source}: {key!r} has invalid data"
        for key in unparsed
        if key.lower() in _EMAIL_NAMES
    ]
    fields = _without_unknown_placeholders(fields)
    declared = fields.get("metadata_version")
    if declared == "2.0":
        fields["metadata_version"] = "2.1"
    meta = Metadata.from_raw(fields, validate=False)
    # Each field by its own rules (packaging's), without packaging's Metadata-Version gate.
    reported = {_EMAIL_NAMES[key.lower()] for key in unparsed if key.lower() in _EMAIL_NAMES}
    for key in sorted((set(fields) | {"metadata_version", "name", "version"}) - reported):
        try:
            getattr(meta, key)
        except InvalidMetadata as exc:
            problems.append(f"{source}: {_describe(exc)}")
    if problems:
        return problems, None
    problems = [f"{source}: {p}" for p in _pypi_rules(meta, declared or "")]
    if canonicalize_name(meta.name) != dist.name:
        problems.append(
            f"{source} names the project {meta.name!r} but the filename {dist.filename!r} "
            f"says {dist.name!r}"
        )
    if meta.version != dist.version:
        problems.append(
            f"{source} has version {meta.version} but the filename {dist.filename!r} "
            f"says {dist.version}"
        )
    form_rp = form.first("requires_python")
    requires_python = str(meta.requires_python) if meta.requires_python else None
    if form_rp and requires_python is None:
        # Served back in the simple API's JSON and HTML: store only a valid specifier set.
        try:
            requires_python = str(SpecifierSet(form_rp))
        except InvalidSpecifier:
            problems.append(
                f"the 'requires_python' field {form_rp!r} is not a valid version specifier "
                "set (PEP 440, e.g. '>=3.9')"
            )
    if problems:
        return problems, None
    return problems, CoreMetadata(
        name=meta.name,
        version=str(meta.version),
        requires_python=requires_python,
        summary=meta.summary,
        metadata_version=declared or meta.metadata_version,
        license_files=tuple(meta.license_files or ()) if _at_least_2_4(declared) else (),
    )


def _at_least_2_4(declared: str | None) -> bool:
    try:
        return Version(declared or "0") >= Version("2.4")
    except InvalidVersion:
        return False


def missing_license_files(
    meta: CoreMetadata, dist: DistFilename, members: frozenset[str]
) -> list[str]:
    """PyPI's check that every License-File is in the archive: under the wheel's
    ``.dist-info/licenses/`` (PEP 639), or under the sdist's top-level directory."""
    if not meta.license_files:
        return []
    if dist.is_wheel:
        name, version = dist.filename.split("-", 2)[:2]
        root = f"{name}-{version}.dist-info/licenses"
    else:
        root = top_level_directory(members) or ""
    problems = []
    for license_file in meta.license_files:
        target = f"{root}/{license_file}"
        if target not in members:
            problems.append(
                f"License-File {license_file} does not exist in distribution file "
                f"{dist.filename} at {target}"
            )
    return problems


def _without_unknown_placeholders(fields: RawMetadata) -> RawMetadata:
    """distutils wrote "UNKNOWN" for every missing value; PyPI drops such fields."""
    kept: dict[str, object] = {}
    for key, value in fields.items():
        if isinstance(value, str) and value.strip() == "UNKNOWN":
            continue
        if isinstance(value, list):
            value = [v for v in value if v.strip() != "UNKNOWN"]
            if not value:
                continue
        kept[key] = value
    return cast(RawMetadata, kept)


def _pypi_rules(meta: Metadata, declared: str) -> Iterable[str]:
    """PyPI's own rules on top of the core metadata specification, with its wording."""
    if declared not in SUPPORTED_METADATA_VERSIONS:
        yield f"{declared!r} is not a valid metadata version"
    if meta.summary and len(meta.summary) > SUMMARY_LIMIT:
        yield f"'summary' field must be {SUMMARY_LIMIT} characters or less."
    for label, url in (meta.project_urls or {}).items():
        if not label:
            yield "project-url: Must have a label"
        elif len(label) > PROJECT_URL_LABEL_LIMIT:
            yield f"project-url: {label!r} must be {PROJECT_URL_LABEL_LIMIT} characters or less."
        elif not url:
            yield "project-url: Must have a URL"
    for req in meta.requires_dist or []:
        if req.url is not None:
            yield f"requires-dist: Can't have direct dependency: {req}"
    for field_name in ("provides_dist", "obsoletes_dist"):
        email_name = _RAW_TO_EMAIL_MAPPING[field_name]
        for text in getattr(meta, field_name) or []:
            try:
                parsed = Requirement(text)
            except InvalidRequirement as exc:
                yield f"{email_name}: {text!r} is invalid: {exc}"
                continue
            if parsed.url is not None:
                yield f"{email_name}: Can't have direct dependency: {text!r}"
    for key in meta.dynamic or []:
        if key.lower() not in DYNAMIC_FIELDS:
            yield f"dynamic: Dynamic field {key!r} is not a valid dynamic field."
    if meta.license and meta.license_expression:
        yield (
            "license: License is deprecated when License-Expression is present. "
            "Only License-Expression should be present."
        )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, InvalidMetadata):
        return f"{exc.field}: {exc}"
    return str(exc)
