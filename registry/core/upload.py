"""The legacy upload API's form, and the checks PyPI applies to it (all problems at once)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from packaging.metadata import InvalidMetadata, Metadata
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

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


def check_core_metadata(
    raw: bytes, dist: DistFilename, form: UploadForm
) -> tuple[list[str], CoreMetadata | None]:
    """Validate METADATA/PKG-INFO with packaging and compare it with the filename and form."""
    source = "METADATA" if dist.is_wheel else "PKG-INFO"
    try:
        meta = Metadata.from_email(raw, validate=True)
    except ExceptionGroup as group:
        return [f"{source}: {_describe(e)}" for e in _leaves(group)], None
    except (InvalidMetadata, ValueError, UnicodeDecodeError) as exc:
        return [f"{source}: {exc}"], None
    problems: list[str] = []
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
    for req in meta.requires_dist or []:
        if req.url:
            problems.append(f"{source}: direct URL dependencies are not allowed ({req})")
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
        metadata_version=meta.metadata_version,
    )


def _leaves(group: BaseExceptionGroup) -> list[BaseException]:
    out: list[BaseException] = []
    for exc in group.exceptions:
        out.extend(_leaves(exc) if isinstance(exc, BaseExceptionGroup) else [exc])
    return out


def _describe(exc: BaseException) -> str:
    if isinstance(exc, InvalidMetadata):
        return f"{exc.field}: {exc}"
    return str(exc)
