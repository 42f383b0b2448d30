"""Package indexes a change adds: the classic dependency-confusion vector.

`pip --extra-index-url` (and uv's extra indexes) merge every index's candidates and take
the highest version wherever it comes from, so an extra index next to the team's registry
lets anyone who can publish a name there (or on PyPI, when the registry is the extra one)
decide what gets installed. An `--index-url` that is not the team's registry bypasses its
origin controls, reviews and policies altogether. Pure: the added lines of the change only,
no network.

Flagged on the exact added line of:
- requirements*.txt / constraints*.txt (`--extra-index-url`, `--index-url`/`-i`);
- pip.conf / pip.ini (`extra-index-url =` / `index-url =`, continuation lines too);
- pyproject.toml `[tool.uv]` (`extra-index-url`, `index-url`, `[[tool.uv.index]] url`),
  uv.toml (the same keys at top level), `[[tool.poetry.source]] url`;
- CI and deploy files (GitHub/GitLab/CodeBuild/… as change_level.CI_DEPLOY lists them, and
  Makefiles): pip/uv options on a command line and PIP_/UV_ index variables.

Rules: deps/extra-index-url (any extra index, high) and deps/index-outside-registry (a
primary index that is not the configured registry, high; only judged when a registry is
configured and the URL is literal, not `$VARIABLE`-built).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reviewbot.analyzers.change_level import CI_DEPLOY, REQUIREMENTS
from reviewbot.analyzers.rules import Rule, make_finding, register
from reviewbot.review.diff import FileDiff, LineKind
from reviewbot.review.findings import Category, Finding, Severity

if TYPE_CHECKING:
    from reviewbot.review.change import Change
    from reviewbot.review.config import ReviewConfig

D = Category.DEPENDENCIES
# fmt: off
for _rule in [
    Rule("deps/extra-index-url", "ExtraIndexUrl", D, Severity.HIGH,
         "An extra package index is added",
         "Install from the team's registry only (--index-url <registry>/simple/) and give it "
         "an upstream for public packages; installers take the highest version from any "
         "index, so an extra index lets whoever publishes a name there decide what is "
         "installed (dependency confusion).", 427),
    Rule("deps/index-outside-registry", "IndexOutsideRegistry", D, Severity.HIGH,
         "Packages would install from an index that is not the team's registry",
         "Point --index-url at the team's registry repository; an index outside it bypasses "
         "its origin controls, reviews and release policies.", 829),
]:
    register(_rule)
# fmt: on

URL_ENV = "REVIEWBOT_REGISTRY_URL"
EXTRA = "extra"  # an index added next to the primary one
PRIMARY = "primary"  # the index that replaces the default
INDEX = "index"  # a uv/poetry index table: extra unless it is the registry itself

# `--extra-index-url URL`, `--extra-index-url=URL`, uv's `--extra-index`, `--index URL`
_CLI_OPTION = re.compile(
    r"(?<![\w-])(?P<opt>--extra-index-url|--extra-index|--index-url|--default-index|--index|-i)"
    r"(?:\s*=\s*|\s+)(?P<url>[^\s\"'`;|&)]+)"
)
# PIP_EXTRA_INDEX_URL=…, UV_EXTRA_INDEX_URL: …, UV_INDEX_URL, UV_DEFAULT_INDEX, UV_INDEX
_ENV_ASSIGN = re.compile(
    r"(?<![\w])(?P<var>PIP_EXTRA_INDEX_URL|UV_EXTRA_INDEX_URL|PIP_INDEX_URL|UV_INDEX_URL"
    r"|UV_DEFAULT_INDEX|UV_INDEX)\s*[:=]\s*[\"']?(?P<url>[^\s\"']+)"
)
_INI_KEY = re.compile(r"^\s*(?P<key>extra[-_]index[-_]url|index[-_]url)\s*[=:]\s*(?P<rest>.*)$")
_TOML_KEY = re.compile(r"^\s*(?P<key>extra-index-url|index-url|url)\s*=\s*(?P<rest>.*)$")
_TABLE = re.compile(r"^\s*\[\[?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(#.*)?$")
_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^\s\"',\]]+|\$\{?\w+\}?[^\s\"',\]]*", re.IGNORECASE)
_OPTION_KIND = {"--extra-index-url": EXTRA, "--extra-index": EXTRA, "--index": EXTRA,
                "--index-url": PRIMARY, "-i": PRIMARY, "--default-index": PRIMARY}  # fmt: skip
_ENV_KIND = {"PIP_EXTRA_INDEX_URL": EXTRA, "UV_EXTRA_INDEX_URL": EXTRA, "UV_INDEX": EXTRA,
             "PIP_INDEX_URL": PRIMARY, "UV_INDEX_URL": PRIMARY,
             "UV_DEFAULT_INDEX": PRIMARY}  # fmt: skip


def _file_kind(path: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    if REQUIREMENTS.search(path) or re.search(r"(^|/)requirements/[^/]+\.(txt|in)$", path):
        return "requirements"
    if name in ("pip.conf", "pip.ini"):
        return "pip.conf"
    if name in ("pyproject.toml", "uv.toml"):
        return name
    if CI_DEPLOY.search(path) or name in ("Makefile", "makefile", "GNUmakefile", "tox.ini",
                                          "noxfile.py"):  # fmt: skip
        return "ci"
    return None


def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), parts.hostname.lower(), port or default


def _shown(url: str) -> str:
    """The URL without credentials: a finding's message is posted on a pull request."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    return parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host).geturl()


class IndexSourcesAnalyzer:
    name = "index-sources"

    def __init__(self, registry_url: str | None = None) -> None:
        self.registry_url = registry_url
        self.registry = _origin(registry_url) if registry_url else None

    @classmethod
    def from_environment(cls, config: ReviewConfig | None = None) -> IndexSourcesAnalyzer:
        configured = config.registry_url if config is not None else None
        return cls(os.environ.get(URL_ENV) or configured)

    def inside_registry(self, url: str) -> bool | None:
        """True/False when it can tell; None when the URL is built from variables or no
        registry is configured. Any repository of the same registry (scheme, host, port)
        counts as inside: staging and release are both the team's."""
        origin = _origin(url)
        if "$" in url or self.registry is None or origin is None:
            return None
        return origin == self.registry

    def analyze(self, change: Change) -> list[Finding]:
        findings: list[Finding] = []
        for file_diff in change.reviewable():
            kind = _file_kind(file_diff.path)
            if kind is not None:
                findings += self._file(file_diff, kind)
        return findings

    def _file(self, file_diff: FileDiff, kind: str) -> list[Finding]:
        removed = {
            " ".join(line.text.split())
            for hunk in file_diff.hunks
            for line in hunk.lines
            if line.kind is LineKind.REMOVED
        }
        findings = []
        state = _State()
        for hunk in file_diff.hunks:
            for line in hunk.lines:
                if line.kind is LineKind.REMOVED:
                    continue
                sources = state.sources(kind, line.text)
                if line.kind is not LineKind.ADDED or line.new_lineno is None:
                    continue
                if " ".join(line.text.split()) in removed:
                    continue  # moved or re-indented, not added
                for source_kind, url in sources:
                    finding = self._finding(source_kind, url, file_diff.path, line.new_lineno,
                                            line.text)  # fmt: skip
                    if finding is not None:
                        findings.append(finding)
                        break  # one finding per line: the line is the thing to fix
        return findings

    def _finding(self, kind: str, url: str, path: str, line: int, text: str) -> Finding | None:
        inside = self.inside_registry(url)
        shown = _shown(url)
        if kind == INDEX and inside:
            return None  # uv's way of making the registry the index: what we want
        if kind in (EXTRA, INDEX):
            where = (
                "the team's registry" if inside
                else "an index outside the team's registry" if inside is False
                else "another index"
            )  # fmt: skip
            return make_finding(
                "deps/extra-index-url",
                path,
                line,
                f"Adds {shown} as an extra package index ({where}). pip and uv then take the "
                "highest version of a name from any index, so whoever can publish that name "
                "on the other index decides what gets installed: the classic dependency-"
                "confusion vector. Use a single --index-url pointing at the registry (give it "
                "an upstream for public packages) instead.",
                anchor_text=text,
            )
        if inside is False:
            return make_finding(
                "deps/index-outside-registry",
                path,
                line,
                f"Installs from {shown}, which is not the team's registry "
                f"({_shown(self.registry_url or '')}): its origin controls, reviews and "
                "release policies no longer apply. Point --index-url at a registry repository.",
                anchor_text=text,
            )
        return None


def _looks_like_url(value: str) -> bool:
    return "://" in value or value.startswith("$")


class _State:
    """Where a line sits in its file: the TOML table, or the key whose value (a pip.conf
    continuation line, a multi-line TOML array) the line continues."""

    def __init__(self) -> None:
        self.table = ""
        self.continuing: str | None = None

    def sources(self, kind: str, text: str) -> list[tuple[str, str]]:
        stripped = text.strip()
        if not stripped or stripped.startswith(("#", ";")):
            return []
        if kind == "requirements":
            return _command_line_sources(re.sub(r"(^|\s)#.*$", "", text))
        if kind == "ci":
            # options only where an installer is named: `grep -i`, `git apply --index` are not
            if not re.search(r"\b(pip3?|uv|PIP_\w+|UV_\w+|pip\.conf)\b", text):
                return []
            return _command_line_sources(text)
        match = _TABLE.match(text)
        if match:
            self.table, self.continuing = match.group("name").strip(), None
            return []
        if kind == "pip.conf":
            return self._pip_conf(text)
        return self._toml(kind, text)

    def _pip_conf(self, text: str) -> list[tuple[str, str]]:
        match = _INI_KEY.match(text)
        if match:
            key, rest = match.group("key"), match.group("rest")
            self.continuing = key
        elif text[:1].isspace() and self.continuing:
            key, rest = self.continuing, text
        else:
            self.continuing = None
            return []
        source_kind = EXTRA if key.startswith("extra") else PRIMARY
        return [(source_kind, u) for u in _URL.findall(rest) if _looks_like_url(u)]

    def _toml(self, kind: str, text: str) -> list[tuple[str, str]]:
        top = "tool.uv" if kind == "pyproject.toml" else ""
        index_tables = {f"{top}.index".lstrip("."), "tool.poetry.source"}
        if self.continuing is not None:  # inside `extra-index-url = [ … ]`
            key = self.continuing
            if "]" in text:
                self.continuing = None
            rest = text
        else:
            match = _TOML_KEY.match(text)
            if not match:
                return []
            key, rest = match.group("key"), match.group("rest")
            if self.table == top and key in ("extra-index-url", "index-url"):
                if rest.lstrip().startswith("[") and "]" not in rest:
                    self.continuing = key
            elif not (self.table in index_tables and key == "url"):
                return []
        source_kind = {"extra-index-url": EXTRA, "index-url": PRIMARY}.get(key, INDEX)
        return [(source_kind, u) for u in _URL.findall(rest) if _looks_like_url(u)]


def _command_line_sources(code: str) -> list[tuple[str, str]]:
    found = [
        (_OPTION_KIND[m.group("opt")], m.group("url"))
        for m in _CLI_OPTION.finditer(code)
        if _looks_like_url(m.group("url"))
    ]
    found += [
        (_ENV_KIND[m.group("var")], m.group("url"))
        for m in _ENV_ASSIGN.finditer(code)
        if _looks_like_url(m.group("url"))
    ]
    return found
