"""Distribution filenames: wheels and sdists, parsed by packaging.utils.

Sdists are accepted under PEP 625 names (`name-1.0.tar.gz`) and under the legacy names and
format PyPI accepted for years and still serves (`Name-Part-1.0.tar.gz`, `name-1.0.zip`), so
that published third-party files can be mirrored as they are."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

Kind = Literal["bdist_wheel", "sdist"]
SDIST_SUFFIXES = (".tar.gz", ".zip")

# Characters a filename may contain; anything else (slashes, "..", NUL, spaces) is refused.
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+!-]*$")


@dataclass(frozen=True)
class DistFilename:
    filename: str
    name: str  # normalized project name
    version: Version
    kind: Kind

    @property
    def is_wheel(self) -> bool:
        return self.kind == "bdist_wheel"

    @property
    def is_zip(self) -> bool:
        """A zip archive: a wheel, or a legacy .zip sdist."""
        return self.filename.endswith((".whl", ".zip"))


class BadFilename(ValueError):
    """The filename cannot be a distribution file; the message says why."""


def parse_dist_filename(filename: str) -> DistFilename:
    """Parse a wheel or sdist (``name-version.tar.gz``/``.zip``) filename, or raise BadFilename."""
    if not filename:
        raise BadFilename("the upload has no filename")
    if "/" in filename or "\\" in filename or ".." in filename or not _SAFE.match(filename):
        raise BadFilename(
            f"filename {filename!r} is not a plain file name: it may contain only letters, "
            "digits and . _ + ! - (no paths, no '..')"
        )
    if filename.endswith(".whl"):
        try:
            name, version, _build, _tags = parse_wheel_filename(filename)
        except InvalidWheelFilename as exc:
            raise BadFilename(f"invalid wheel filename {filename!r}: {exc}") from None
        return DistFilename(filename, canonicalize_name(name), version, "bdist_wheel")
    if filename.endswith(SDIST_SUFFIXES):
        try:
            name, version = parse_sdist_filename(filename)
        except InvalidSdistFilename as exc:
            raise BadFilename(f"invalid sdist filename {filename!r}: {exc}") from None
        return DistFilename(filename, canonicalize_name(name), version, "sdist")
    raise BadFilename(
        f"filename {filename!r} is neither a wheel (.whl) nor an sdist (.tar.gz, or the "
        "legacy .zip); other formats (.egg, .exe, .tar.bz2, ...) are not accepted, as on PyPI"
    )
