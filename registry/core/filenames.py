"""Distribution filenames: wheels via packaging.utils, sdists per PEP 625."""

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


class BadFilename(ValueError):
    """The filename cannot be a distribution file; the message says why."""


def parse_dist_filename(filename: str) -> DistFilename:
    """Parse a wheel or PEP 625 sdist (``name-version.tar.gz``) filename, or raise BadFilename."""
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
    if filename.endswith(".tar.gz"):
        try:
            name, version = parse_sdist_filename(filename)
        except InvalidSdistFilename as exc:
            raise BadFilename(f"invalid sdist filename {filename!r}: {exc}") from None
        stem = filename[: -len(".tar.gz")]
        project_part = stem.rsplit("-", 1)[0]
        expected = canonicalize_name(project_part).replace("-", "_")
        if project_part != expected:
            raise BadFilename(
                f"sdist filename {filename!r} does not follow PEP 625: the name part must be "
                f"the normalized name with underscores ({expected!r}); rebuild with a current "
                "build backend"
            )
        return DistFilename(filename, canonicalize_name(name), version, "sdist")
    raise BadFilename(
        f"filename {filename!r} is neither a wheel (.whl) nor an sdist (.tar.gz); "
        "other formats are not accepted"
    )
