"""A small client for a package registry's public read API: PEP 691 JSON simple pages.

The review bot asks the registry about dependencies over HTTP only (it never imports
registry code), so this works against any PEP 691 index: codeyard's registry, devpi, a
CodeArtifact repository or PyPI itself. One GET per question, a short timeout, HTTP Basic
`__token__:<token>` when a token is given. The token is never put in an error message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"
TIMEOUT_SECONDS = 5.0


class RegistryError(Exception):
    """The registry could not answer a question. `fatal` errors (cannot connect, credentials
    refused) make every further question pointless."""

    def __init__(self, message: str, fatal: bool = False) -> None:
        super().__init__(message)
        self.fatal = fatal


@dataclass(frozen=True)
class DistFile:
    filename: str
    version: Version | None  # None when the filename is not a wheel or sdist name
    yanked: str | None  # None: not yanked; the reason ("" when none was given) otherwise
    requires_python: str | None


@dataclass(frozen=True)
class ProjectPage:
    name: str  # canonical
    files: tuple[DistFile, ...]
    stale: str | None = None  # X-Registry-Stale-Reason when the answer came from a stale cache


def redact(url: str) -> str:
    """A URL without user:password@, for messages."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=host))


def repository_url(url: str) -> str:
    """The repository's base URL with a trailing slash; a `…/simple/` URL (what pip is
    given) is accepted too."""
    url = url.strip()
    if not url.endswith("/"):
        url += "/"
    if url.endswith("/simple/"):
        url = url[: -len("simple/")]
    return url


def file_version(filename: str) -> Version | None:
    try:
        if filename.endswith(".whl"):
            return parse_wheel_filename(filename)[1]
        if filename.endswith((".tar.gz", ".zip")):
            return parse_sdist_filename(filename)[1]
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
        return None
    return None


def _dist_file(entry: dict[str, Any]) -> DistFile | None:
    filename = entry.get("filename")
    if not isinstance(filename, str):
        return None
    yanked = entry.get("yanked", False)
    reason: str | None = None
    if yanked is True:
        reason = ""
    elif isinstance(yanked, str):
        reason = yanked
    requires_python = entry.get("requires-python")
    return DistFile(
        filename=filename,
        version=file_version(filename),
        yanked=reason,
        requires_python=requires_python if isinstance(requires_python, str) else None,
    )


class RegistryClient:
    def __init__(
        self,
        url: str,
        token: str | None = None,
        timeout: float = TIMEOUT_SECONDS,
        session: requests.Session | None = None,
    ) -> None:
        self.url = repository_url(url)
        self.shown_url = redact(self.url)
        self.timeout = timeout
        self.http = session or requests.Session()
        self.auth = ("__token__", token) if token else None

    def anonymous(self) -> RegistryClient:
        """The same client without credentials."""
        return RegistryClient(self.url, token=None, timeout=self.timeout, session=self.http)

    def _get_json(self, path: str) -> tuple[dict[str, Any], Mapping[str, str]] | None:
        """GET a PEP 691 JSON page; None on 404."""
        target = self.url + path
        try:
            response = self.http.get(
                target, headers={"Accept": SIMPLE_JSON}, auth=self.auth, timeout=self.timeout
            )
        except (
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
            requests.exceptions.InvalidURL,
        ):
            raise RegistryError(
                f"the registry URL {self.shown_url!r} is not usable: give the repository's "
                "http(s) URL, e.g. https://packages.internal/team/",
                fatal=True,
            ) from None
        except requests.Timeout:
            raise RegistryError(
                f"{self.shown_url} did not answer within {self.timeout:g} s", fatal=True
            ) from None
        except requests.RequestException as exc:
            raise RegistryError(
                f"cannot reach {self.shown_url}: {type(exc).__name__}", fatal=True
            ) from None
        status = response.status_code
        if status == 404:
            return None
        if status in (401, 403):
            hint = (
                "set REVIEWBOT_REGISTRY_TOKEN to a token with read access"
                if self.auth is None
                else "REVIEWBOT_REGISTRY_TOKEN was refused; give it read access or renew it"
            )
            raise RegistryError(f"{self.shown_url} answered HTTP {status}: {hint}", fatal=True)
        if status != 200:
            raise RegistryError(f"{redact(target)} answered HTTP {status} {response.reason}")
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise RegistryError(
                f"{redact(target)} did not answer with PEP 691 JSON "
                f"(Content-Type {response.headers.get('Content-Type', 'missing')})",
                fatal=True,
            )
        return data, response.headers

    def project(self, name: str) -> ProjectPage | None:
        """The project's files, or None when the registry does not serve it (404)."""
        canonical = canonicalize_name(name)
        answer = self._get_json(f"simple/{canonical}/")
        if answer is None:
            return None
        data, headers = answer
        files = data.get("files")
        if not isinstance(files, list):
            raise RegistryError(f"{self.shown_url}simple/{canonical}/ has no 'files' list")
        parsed = [_dist_file(f) for f in files if isinstance(f, dict)]
        stale = None
        if headers.get("X-Registry-Stale", "").lower() == "true":
            stale = headers.get("X-Registry-Stale-Reason") or "stale cache"
        return ProjectPage(canonical, tuple(f for f in parsed if f is not None), stale)

    def project_names(self) -> set[str]:
        """Canonical names of every project the registry lists (its index page)."""
        answer = self._get_json("simple/")
        if answer is None:
            return set()
        projects = answer[0].get("projects")
        if not isinstance(projects, list):
            return set()
        return {
            canonicalize_name(p["name"])
            for p in projects
            if isinstance(p, dict) and isinstance(p.get("name"), str)
        }
