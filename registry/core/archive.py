"""Look inside an uploaded distribution without trusting it.

Reads only what is needed (the core metadata file), refuses archives that are not readable
zip/tar files, member paths that escape the archive, and zip/tar bombs (total inflated size
or per-member compression ratio above the limits).
"""

from __future__ import annotations

import lzma
import posixpath
import tarfile
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from registry.core.filenames import DistFilename

MAX_METADATA_BYTES = 8 * 1024 * 1024
MAX_MEMBERS = 100_000


# What zipfile raises for a corrupt or unsupported member: encryption (RuntimeError), unknown
# methods (NotImplementedError), and each decompressor's own error (found by fuzzing).
_ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
    lzma.LZMAError,
)


class BadArchive(ValueError):
    """The archive is unreadable or unsafe; the message says what is wrong."""


class ArchiveTooLarge(ValueError):
    """The archive inflates beyond the configured limits (a zip bomb, or just too big)."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_uncompressed_bytes: int
    max_compression_ratio: int


def _unsafe_member(name: str) -> bool:
    if name.startswith(("/", "\\")) or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return True
    return ".." in posixpath.normpath(name).split("/")


@dataclass(frozen=True)
class DistContents:
    metadata: bytes  # METADATA (wheel) or PKG-INFO (sdist), byte for byte
    members: frozenset[str]  # every member's path, for the checks that name files inside


def read_distribution(
    fileobj: IO[bytes], dist: DistFilename, limits: ArchiveLimits
) -> DistContents:
    """The core metadata and member list of *fileobj*, read once, safely."""
    fileobj.seek(0)
    if dist.is_zip:
        metadata, names = _zip_metadata(fileobj, dist, limits)
    else:
        metadata, names = _sdist_metadata(fileobj, dist, limits)
    return DistContents(metadata, frozenset(names))


def read_core_metadata(fileobj: IO[bytes], dist: DistFilename, limits: ArchiveLimits) -> bytes:
    """Return the raw METADATA (wheel) or PKG-INFO (sdist) bytes from *fileobj*."""
    return read_distribution(fileobj, dist, limits).metadata


def top_level_directory(members: frozenset[str] | list[str]) -> str | None:
    """The one directory every member is under (None: zero or several), as PyPI requires of
    an sdist."""
    return _top_level(list(members))


def _top_level(names: list[str]) -> str | None:
    """The one directory every member is under (None: zero or several), as PyPI requires of
    an sdist."""
    tops = {name.split("/", 1)[0] for name in names}
    return tops.pop() if len(tops) == 1 else None


def _zip_metadata(
    fileobj: IO[bytes], dist: DistFilename, limits: ArchiveLimits
) -> tuple[bytes, list[str]]:
    try:
        archive = zipfile.ZipFile(fileobj)
    except _ZIP_READ_ERRORS as exc:
        raise BadArchive(f"{dist.filename} is not a readable zip file ({exc})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise BadArchive(f"{dist.filename} has more than {MAX_MEMBERS} members")
        total = 0
        for info in infos:
            if _unsafe_member(info.filename):
                raise BadArchive(
                    f"{dist.filename} contains the unsafe path {info.filename!r} "
                    "(absolute or with '..')"
                )
            total += info.file_size
            if info.file_size > 1024 * 1024 and (
                info.file_size > limits.max_compression_ratio * max(info.compress_size, 1)
            ):
                raise ArchiveTooLarge(
                    f"{dist.filename} looks like a zip bomb: {info.filename!r} inflates "
                    f"{info.file_size} bytes from {info.compress_size} (ratio limit "
                    f"{limits.max_compression_ratio})"
                )
        if total > limits.max_uncompressed_bytes:
            raise ArchiveTooLarge(
                f"{dist.filename} inflates to {total} bytes, more than the limit of "
                f"{limits.max_uncompressed_bytes} bytes"
            )
        if dist.is_wheel:
            candidates = [
                i
                for i in infos
                if i.filename.count("/") == 1 and i.filename.endswith(".dist-info/METADATA")
            ]
            if len(candidates) != 1:
                raise BadArchive(
                    f"{dist.filename} must contain exactly one top-level <name>-<version>"
                    f".dist-info/METADATA, found {len(candidates)}"
                )
        else:  # a legacy .zip sdist
            top = _top_level([i.filename for i in infos])
            if top is None:
                raise BadArchive(
                    f"{dist.filename}: incorrect number of top-level directories in sdist "
                    "(it must hold exactly one, with PKG-INFO in it)"
                )
            candidates = [i for i in infos if i.filename == f"{top}/PKG-INFO"]
            if not candidates:
                raise BadArchive(f"{dist.filename}: PKG-INFO not found at {top}/PKG-INFO")
        info = candidates[0]
        if info.file_size > MAX_METADATA_BYTES:
            raise BadArchive(f"{dist.filename}: METADATA is larger than {MAX_METADATA_BYTES} bytes")
        if info.flag_bits & 0x1:
            raise BadArchive(f"{dist.filename}: {info.filename} is encrypted")
        try:
            with archive.open(info) as member:
                data = member.read(MAX_METADATA_BYTES + 1)
        except _ZIP_READ_ERRORS as exc:
            raise BadArchive(f"{dist.filename}: cannot read {info.filename} ({exc})") from None
        if len(data) > MAX_METADATA_BYTES:
            raise BadArchive(f"{dist.filename}: METADATA is larger than {MAX_METADATA_BYTES} bytes")
        return data, [i.filename for i in infos]


def _sdist_metadata(
    fileobj: IO[bytes], dist: DistFilename, limits: ArchiveLimits
) -> tuple[bytes, list[str]]:
    compressed = _size_of(fileobj)
    try:
        archive = tarfile.open(fileobj=fileobj, mode="r:gz")  # noqa: SIM115 (closed below)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BadArchive(f"{dist.filename} is not a readable gzip-compressed tar ({exc})") from None
    # PKG-INFO files one level down, by directory: which one counts is known at the end, once
    # the archive's single top-level directory is (legacy sdists name it as they please).
    found: dict[str, bytes] = {}
    names: list[str] = []
    total = 0
    count = 0
    try:
        with archive:
            # Iterating reads every header, which inflates the stream: the running total keeps
            # a bomb from being inflated past the limit.
            for member in archive:
                count += 1
                if count > MAX_MEMBERS:
                    raise BadArchive(f"{dist.filename} has more than {MAX_MEMBERS} members")
                if _unsafe_member(member.name) or (
                    (member.issym() or member.islnk()) and _unsafe_member(member.linkname)
                ):
                    raise BadArchive(
                        f"{dist.filename} contains the unsafe path {member.name!r} "
                        "(absolute, with '..', or a link out of the archive)"
                    )
                total += max(member.size, 0)
                if total > limits.max_uncompressed_bytes or (
                    total > 1024 * 1024 and total > limits.max_compression_ratio * compressed
                ):
                    ratio_cap = limits.max_compression_ratio * compressed
                    cap = min(limits.max_uncompressed_bytes, ratio_cap)
                    raise ArchiveTooLarge(
                        f"{dist.filename} inflates to more than {cap} bytes: refused as a "
                        "possible tar bomb"
                    )
                name = member.name.removeprefix("./")
                if name in ("", "."):
                    continue
                names.append(name)
                parts = name.split("/")
                if len(parts) == 2 and parts[1] == "PKG-INFO" and member.isfile():
                    if member.size > MAX_METADATA_BYTES:
                        raise BadArchive(f"{dist.filename}: PKG-INFO is too large")
                    extracted = archive.extractfile(member)
                    if extracted is not None:
                        found[parts[0]] = extracted.read()
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise BadArchive(f"{dist.filename} is not a readable gzip-compressed tar ({exc})") from None
    top = _top_level(names)
    if top is None:
        raise BadArchive(
            f"{dist.filename}: incorrect number of top-level directories in sdist (it must hold "
            "exactly one, with PKG-INFO in it)"
        )
    if top not in found:
        raise BadArchive(
            f"{dist.filename}: PKG-INFO not found at {top}/PKG-INFO (the sdist's core metadata)"
        )
    return found[top], names


def _size_of(fileobj: IO[bytes]) -> int:
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    return size
