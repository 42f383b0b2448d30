"""Length limits of what the registry stores, checked before anything is written.

One table for both databases: PostgreSQL refuses a value longer than its column (a 500 after
the blob was already written), SQLite stores anything. The numbers match the column sizes in
registry/db/models.py; a test compares them, so a migration that widens a column must
change them here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.utils import canonicalize_version


@dataclass(frozen=True)
class Limit:
    what: str  # as a client would name it
    max_chars: int


PROJECT_NAME = Limit("project name", 200)
VERSION = Limit("version", 100)
FILENAME = Limit("filename", 255)
REPOSITORY_NAME = Limit("repository name", 64)
# Free text (summary, requires_python, yank reason, descriptions) goes into TEXT columns,
# so only the request-size limits bound it.


def problem(limit: Limit, value: str | None) -> str | None:
    """Why *value* cannot be stored under *limit*, or None when it fits."""
    if value is None or len(value) <= limit.max_chars:
        return None
    shown = value[:40] + "…"
    return (
        f"the {limit.what} {shown!r} is {len(value)} characters long; this registry accepts "
        f"at most {limit.max_chars}"
    )


def release_problems(
    project: str | None, version: str | None, filename: str | None = None
) -> list[str]:
    """Every limit a (project, version, filename) would break as stored. A version is stored
    as given and in canonical form ("1a" → "1a0"), so the longer of the two counts."""
    stored_version = version
    canonical = _canonical_version(version)
    if version and canonical and len(canonical) > len(version):
        stored_version = canonical
    found = [
        problem(PROJECT_NAME, project),  # normalising a name never lengthens it
        problem(VERSION, stored_version),
        problem(FILENAME, filename),
    ]
    return [item for item in found if item]


def _canonical_version(version: str | None) -> str | None:
    if not version:
        return None
    try:
        return canonicalize_version(version)
    except Exception:  # an invalid version is reported by the version check, not here
        return None
