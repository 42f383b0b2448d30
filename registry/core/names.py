"""Project names: PEP 503 normalization and the PEP 508 validity rule."""

from __future__ import annotations

import re

_NORMALIZE = re.compile(r"[-_.]+")
_VALID = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)
_REPO = re.compile(r"^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$")
RESERVED_REPOSITORY_NAMES = frozenset({"api", "static", "health", "simple", "files"})


def normalize(name: str) -> str:
    """PEP 503: lowercase, runs of ``-``, ``_`` and ``.`` become one ``-``."""
    return _NORMALIZE.sub("-", name).lower()


def is_valid_project_name(name: str) -> bool:
    return bool(_VALID.match(name))


def is_normalized(name: str) -> bool:
    return normalize(name) == name


def repository_name_problem(name: str) -> str | None:
    """Why *name* cannot name a repository, or None when it can (it becomes a URL segment)."""
    if not _REPO.match(name):
        return (
            f"repository name {name!r} must be 1-64 lowercase letters, digits or '-', "
            "starting and ending with a letter or digit"
        )
    if name in RESERVED_REPOSITORY_NAMES:
        return f"repository name {name!r} is reserved"
    return None
