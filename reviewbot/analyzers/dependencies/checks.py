"""Dependencies a change adds or changes, checked against the team's package registry.

When a registry is configured (`registry-url` in the repository's config, or
$REVIEWBOT_REGISTRY_URL; token in $REVIEWBOT_REGISTRY_TOKEN), every Python requirement on an
added line of requirements*.txt / constraints*.txt, pyproject.toml ([project] dependencies
and optional-dependencies, [dependency-groups], [build-system] requires) or setup.cfg
(install_requires, extras_require) is looked up on the registry's PEP 691 JSON simple page,
one request per project. Findings sit on the requirement's line:

- deps/typosquat: not on the registry, but a project one edit away is;
- deps/dependency-confusion: not on the registry, and its name looks like the team's own
  (other `<prefix>-*` projects are hosted there);
- deps/not-in-registry: not on the registry at all;
- deps/no-matching-version: the specifier matches no version the registry has;
- deps/yanked-version: every matching version is yanked (the reason is quoted);
- deps/requires-python: no matching file installs on a Python version the project supports.

If the registry cannot answer (unreachable, credentials refused, server error) the review
gets one note and no registry findings; the review itself goes on.
"""

from __future__ import annotations

import configparser
import os
import re
import tomllib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from reviewbot.analyzers.change_level import REQUIREMENTS
from reviewbot.analyzers.rules import Rule, make_finding, register
from reviewbot.review.diff import FileDiff, LineKind
from reviewbot.review.findings import Category, Finding, Severity

if TYPE_CHECKING:
    from reviewbot.analyzers.dependencies.registry_client import (
        DistFile,
        ProjectPage,
        RegistryClient,
    )
    from reviewbot.review.config import ReviewConfig
    from reviewbot.review.pipeline import Change

URL_ENV, TOKEN_ENV = "REVIEWBOT_REGISTRY_URL", "REVIEWBOT_REGISTRY_TOKEN"
MAX_WORKERS = 4
# Python versions the requires-python check considers (a project's supported range is cut
# from these).
PYTHONS = tuple(f"3.{minor}" for minor in range(7, 15))

D = Category.DEPENDENCIES
# fmt: off
for _rule in [
    Rule("deps/not-in-registry", "NotInRegistry", D, Severity.HIGH,
         "Dependency not available from the registry",
         "Publish it to the registry (or add an upstream that serves it), or fix the name; "
         "builds that install from the registry cannot resolve it."),
    Rule("deps/dependency-confusion", "DependencyConfusion", D, Severity.HIGH,
         "Internal-looking dependency not on the registry",
         "Publish the package to the registry (which then blocks public copies of the "
         "name) before depending on it; until then any public index that serves the name "
         "decides what gets installed."),
    Rule("deps/typosquat", "Typosquat", D, Severity.HIGH,
         "Dependency name one edit away from a registry project",
         "Use the registry project's exact name; a near-miss name is how typosquatted "
         "packages get installed."),
    Rule("deps/no-matching-version", "NoMatchingVersion", D, Severity.HIGH,
         "No registry version matches the requirement",
         "Change the version specifier to a version the registry has, or publish the "
         "version first."),
    Rule("deps/yanked-version", "YankedVersion", D, Severity.MEDIUM,
         "Requirement selects a yanked release",
         "Pin a release that is not yanked; installers skip yanked releases unless pinned "
         "exactly, and the yank reason says why."),
    Rule("deps/requires-python", "RequiresPythonMismatch", D, Severity.MEDIUM,
         "No matching release supports every Python version the project supports",
         "Allow a release whose Requires-Python covers your supported Pythons, or narrow "
         "the project's requires-python (or add a python_version marker)."),
]:
    register(_rule)
# fmt: on


@dataclass(frozen=True)
class DeclaredRequirement:
    requirement: Requirement
    name: str  # canonical
    path: str
    line: int
    text: str  # the line as written


# --- which requirements the change adds or changes -------------------------------------------

_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'')
_COMMENT = re.compile(r"(^|\s)#.*$")
_OPTION = re.compile(r"\s--?[A-Za-z]")
_SETUP_KEY = re.compile(r"^\s*[\w.-]+\s*=(?!=)")


def _parse(text: str) -> Requirement | None:
    try:
        requirement = Requirement(text.strip())
    except InvalidRequirement:
        return None
    return None if requirement.url else requirement  # direct references skip the registry


def requirements_txt_line(text: str) -> Requirement | None:
    """The requirement on one line of a requirements file, or None (comments, options such
    as -r/-e/--index-url, URLs, paths)."""
    text = _COMMENT.sub("", text).strip().rstrip("\\").strip()
    if not text or text.startswith("-"):
        return None
    text = _OPTION.split(text, 1)[0]  # per-requirement options: --hash=…, --config-settings
    return _parse(text)


def _quoted(text: str) -> list[str]:
    return [m.group(1) if m.group(1) is not None else m.group(2) for m in _QUOTED.finditer(text)]


def _pyproject_requirements(content: str) -> set[str]:
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError:
        return set()
    project = data.get("project")
    project = project if isinstance(project, dict) else {}
    declared = list(project.get("dependencies") or [])
    groups = [project.get("optional-dependencies"), data.get("dependency-groups")]
    for group in groups:
        if isinstance(group, dict):
            for values in group.values():
                declared += values if isinstance(values, list) else []
    build = data.get("build-system")
    if isinstance(build, dict) and isinstance(build.get("requires"), list):
        declared += build["requires"]  # builds install these from the registry too
    return {r for r in declared if isinstance(r, str)}


def _setup_cfg_requirements(content: str) -> set[str]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(content)
    except configparser.Error:
        return set()
    values = []
    if parser.has_option("options", "install_requires"):
        values.append(parser.get("options", "install_requires"))
    if parser.has_section("options.extras_require"):
        values += [value for _, value in parser.items("options.extras_require")]
    return {line.strip() for value in values for line in value.splitlines() if line.strip()}


def _line_requirements(kind: str, text: str, declared: set[str]) -> list[Requirement]:
    if kind == "requirements":
        found = requirements_txt_line(text)
        return [found] if found else []
    if kind == "pyproject":
        candidates = [s for s in _quoted(text) if s in declared]
    else:  # setup.cfg: `install_requires = x` on the key's own line, or a continuation line
        value = _setup_cfg_value(text)
        candidates = [value] if value in declared else []
    return [r for r in (_parse(c) for c in candidates) if r is not None]


def _setup_cfg_value(text: str) -> str:
    """`install_requires = x` → x; a continuation line as it is."""
    match = _SETUP_KEY.match(text)
    return _COMMENT.sub("", text[match.end() :] if match else text).strip()


def _removed_requirements(kind: str, text: str) -> list[Requirement]:
    if kind == "requirements":
        candidates = [requirements_txt_line(text)]
    elif kind == "pyproject":
        candidates = [_parse(s) for s in _quoted(text)]
    else:
        candidates = [_parse(_setup_cfg_value(text))]
    return [r for r in candidates if r is not None]


def _kind(path: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    if REQUIREMENTS.search(path):
        return "requirements"
    if name == "pyproject.toml":
        return "pyproject"
    if name == "setup.cfg":
        return "setup.cfg"
    return None


def changed_requirements(change: Change) -> list[DeclaredRequirement]:
    """Requirements on added lines of dependency files, except ones the change only moved
    (the same requirement also on a removed line of that file)."""
    found: list[DeclaredRequirement] = []
    for file_diff in change.reviewable():
        kind = _kind(file_diff.path)
        if kind is None:
            continue
        content = change.contents.get(file_diff.path, "")
        declared: set[str] = set()
        if kind == "pyproject":
            declared = _pyproject_requirements(content)
        elif kind == "setup.cfg":
            declared = _setup_cfg_requirements(content)
        found += _file_requirements(file_diff, kind, declared)
    return found


def _file_requirements(
    file_diff: FileDiff, kind: str, declared: set[str]
) -> list[DeclaredRequirement]:
    removed: set[str] = set()
    added: list[DeclaredRequirement] = []
    for hunk in file_diff.hunks:
        for line in hunk.lines:
            if line.kind is LineKind.REMOVED:
                removed.update(str(r) for r in _removed_requirements(kind, line.text))
            elif line.kind is LineKind.ADDED and line.new_lineno is not None:
                for requirement in _line_requirements(kind, line.text, declared):
                    added.append(
                        DeclaredRequirement(
                            requirement,
                            canonicalize_name(requirement.name),
                            file_diff.path,
                            line.new_lineno,
                            line.text,
                        )
                    )
    return [d for d in added if str(d.requirement) not in removed]


# --- the checks ---------------------------------------------------------------------------------


def one_edit_apart(a: str, b: str) -> bool:
    """Damerau (optimal string alignment) distance exactly 1: one insertion, deletion,
    substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def _differs_by_digit(a: str, b: str) -> bool:
    """boto/boto3, pyqt5/pyqt6: a different digit is a different generation, not a typo."""
    return re.sub(r"\d", "", a) == re.sub(r"\d", "", b)


def near_misses(name: str, hosted: Iterable[str]) -> list[str]:
    if len(name) < 4:
        return []
    return sorted(p for p in hosted if one_edit_apart(name, p) and not _differs_by_digit(name, p))


def internal_prefix(name: str, hosted: set[str]) -> tuple[str, list[str]] | None:
    """('acme', ['acme-utils', …]) when `name` starts with a prefix that other hosted
    projects share and that is not itself a project (`django-x` next to `django` is the
    public ecosystem's naming, not an internal one)."""
    prefix = name.split("-", 1)[0]
    if "-" not in name or len(prefix) < 3 or prefix in hosted:
        return None
    siblings = sorted(p for p in hosted if p.startswith(prefix + "-") and p != name)
    return (prefix, siblings) if siblings else None


def _is_exact_pin(requirement: Requirement) -> bool:
    specs = list(requirement.specifier)
    return len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version


def _versions_text(versions: Iterable[Version], limit: int = 5) -> str:
    ordered = sorted(set(versions), reverse=True)
    shown = ", ".join(str(v) for v in ordered[:limit])
    return shown + (f" (and {len(ordered) - limit} older)" if len(ordered) > limit else "")


def _allows(requires_python: str | None, python: str) -> bool:
    if not requires_python:
        return True
    try:
        return SpecifierSet(requires_python).contains(f"{python}.99", prereleases=True)
    except InvalidSpecifier:
        return True  # an unreadable Requires-Python is ignored, as pip does


def _marker_allows(requirement: Requirement, python: str) -> bool:
    if requirement.marker is None:
        return True
    environment = {"python_version": python, "python_full_version": f"{python}.99", "extra": ""}
    try:
        return requirement.marker.evaluate(environment)
    except Exception:  # an undefined or unusual marker: do not judge
        return True


def project_requires_python(change: Change, path: str = "") -> SpecifierSet | None:
    """The reviewed project's own requires-python: from the pyproject.toml that declares
    the requirement, else the root pyproject.toml (the change's version, else the
    merge-base's)."""
    text = change.contents.get(path) if path.rsplit("/", 1)[-1] == "pyproject.toml" else None
    text = (
        text or change.contents.get("pyproject.toml") or change.config_texts.get("pyproject.toml")
    )
    if not text:
        return None
    try:
        value = tomllib.loads(text).get("project", {}).get("requires-python")
        return SpecifierSet(value) if isinstance(value, str) else None
    except (tomllib.TOMLDecodeError, InvalidSpecifier, AttributeError):
        return None


def check_requirement(
    declared: DeclaredRequirement,
    page: ProjectPage | None,
    hosted: set[str] | None,
    supported: SpecifierSet | None,
) -> Finding | None:
    """At most one finding for one requirement, the most specific one."""
    name, requirement = declared.name, declared.requirement

    def finding(rule: str, message: str) -> Finding:
        return make_finding(rule, declared.path, declared.line, message, declared.text)

    if page is None:
        hosted = hosted or set()
        near = near_misses(name, hosted)
        if near:
            return finding(
                "deps/typosquat",
                f"'{name}' is not on the registry, but {', '.join(repr(n) for n in near)} "
                f"is; did you mean {near[0]}? A name one letter off is how typosquatted "
                "packages get installed from a public index.",
            )
        internal = internal_prefix(name, hosted)
        if internal:
            _, siblings = internal
            return finding(
                "deps/dependency-confusion",
                f"'{name}' is not on the registry, though its name looks internal (the "
                f"registry hosts {', '.join(siblings[:3])}). Publish it there before "
                f"depending on it: until then whoever publishes '{name}' on a public index "
                "decides what this installs (dependency confusion).",
            )
        return finding(
            "deps/not-in-registry",
            f"'{name}' is not available from the registry, so a build that installs from "
            "it will fail. Publish it there (or add an upstream that serves it), or fix the "
            "name.",
        )

    by_version: dict[Version, list[DistFile]] = {}
    for file in page.files:
        if file.version is not None:
            by_version.setdefault(file.version, []).append(file)
    spec = requirement.specifier
    matching = [v for v in by_version if spec.contains(v, prereleases=True)]
    shown_spec = str(spec) or "any version"
    if not matching:
        available = _versions_text(by_version) or "none"
        return finding(
            "deps/no-matching-version",
            f"No version of '{name}' on the registry matches {shown_spec} (available: "
            f"{available}); installing from the registry will fail. Use an available "
            "version or publish this one first.",
        )
    usable = {v: [f for f in by_version[v] if f.yanked is None] for v in matching}
    usable = {v: files for v, files in usable.items() if files}
    if not usable:
        reasons = []
        for version in sorted(matching, reverse=True)[:3]:
            reason = next((f.yanked for f in by_version[version] if f.yanked), "")
            reasons.append(f"{version} (reason: {reason!r})" if reason else f"{version}")
        exact = _is_exact_pin(requirement)
        consequence = (
            "installers still take it because it is pinned exactly, but warn"
            if exact
            else "installers skip yanked releases unless pinned exactly, so this will not install"
        )
        others = sorted(v for v, fs in by_version.items() if any(f.yanked is None for f in fs))
        finals = [v for v in others if not v.is_prerelease] or others
        advice = f"pin {finals[-1]} instead" if finals else "publish a fixed release"
        return finding(
            "deps/yanked-version",
            f"{name}{spec} selects only yanked releases: {'; '.join(reasons)}; "
            f"{consequence}. {advice[0].upper()}{advice[1:]}.",
        )
    if supported is not None:
        candidates = [f for files in usable.values() for f in files]
        broken = [
            python
            for python in PYTHONS
            if supported.contains(f"{python}.99", prereleases=True)
            and _marker_allows(requirement, python)
            and not any(_allows(f.requires_python, python) for f in candidates)
        ]
        if broken:
            needs = sorted({f.requires_python for f in candidates if f.requires_python})
            return finding(
                "deps/requires-python",
                f"No release of '{name}' matching {shown_spec} supports Python "
                f"{', '.join(broken)} (they require {', '.join(needs)}), but this project's "
                f"requires-python is {supported}: installing on those versions will fail. "
                "Allow an older release, narrow requires-python, or add a python_version "
                "marker.",
            )
    return None


class RegistryDepsAnalyzer:
    name = "registry-deps"

    def __init__(self, client: RegistryClient | None, url_from_repository: bool = False) -> None:
        self.client = client
        # True when the URL came from the repository's config rather than the environment:
        # the token then goes to it only when that config is the merge-base's (git reviews)
        self.url_from_repository = url_from_repository

    @classmethod
    def from_environment(cls, config: ReviewConfig | None = None) -> RegistryDepsAnalyzer:
        """$REVIEWBOT_REGISTRY_URL, else the repository's `registry-url`; no URL, no
        checks (and no request)."""
        from_env = os.environ.get(URL_ENV)
        url = from_env or (config.registry_url if config is not None else None)
        if not url:
            return cls(None)
        from reviewbot.analyzers.dependencies.registry_client import RegistryClient

        token = os.environ.get(TOKEN_ENV) or None
        return cls(RegistryClient(url, token=token), url_from_repository=not from_env)

    def analyze(self, change: Change) -> list[Finding]:
        if self.client is None:
            return []
        declared = changed_requirements(change)
        if not declared:
            return []
        from reviewbot.analyzers.dependencies.registry_client import RegistryError

        client = self.client
        if self.url_from_repository and not change.from_git and client.auth is not None:
            # a --diff review reads the config from the working tree, which the change
            # itself may have edited: never send the token where a change can point it
            client = client.anonymous()
            change.notes.append(
                "registry token not sent: registry-url comes from the working tree's config "
                f"in a --diff review; set {URL_ENV} to send {TOKEN_ENV}"
            )
        names = list(dict.fromkeys(d.name for d in declared))
        pages: dict[str, ProjectPage | None] = {}
        failed: dict[str, str] = {}

        def ask(name: str) -> None:
            try:
                pages[name] = client.project(name)
            except RegistryError as exc:
                failed[name] = str(exc)
                if exc.fatal:
                    raise

        try:  # the first question alone: an unreachable registry or a refused token ends it
            ask(names[0])
            with ThreadPoolExecutor(max_workers=MAX_WORKERS) as pool:
                list(pool.map(ask, names[1:]))
        except RegistryError as exc:
            change.notes.append(f"dependency check against the registry skipped: {exc}")
            return []

        hosted: set[str] | None = None
        if any(pages.get(n, True) is None for n in names):
            try:
                hosted = client.project_names()
            except RegistryError as exc:
                change.notes.append(
                    f"registry project list unavailable ({exc}); "
                    "typosquat and dependency-confusion checks skipped"
                )
        if failed:
            shown = "; ".join(f"{n}: {reason}" for n, reason in sorted(failed.items()))
            change.notes.append(f"dependency check against the registry incomplete: {shown}")
        stale = sorted(n for n, p in pages.items() if p is not None and p.stale)
        if stale:
            change.notes.append(
                "the registry answered from a stale cache for "
                + ", ".join(f"{n} ({pages[n].stale})" for n in stale)  # type: ignore[union-attr]
                + "; versions may be out of date"
            )

        findings: dict[tuple[str, int, str], Finding] = {}
        for item in declared:
            if item.name not in pages:
                continue
            supported = project_requires_python(change, item.path)
            result = check_requirement(item, pages[item.name], hosted, supported)
            if result is None:
                continue
            key = (item.path, item.line, result.rule)
            if key in findings:  # two requirements on one line (`dependencies = ["a", "b"]`)
                result = replace(result, message=f"{findings[key].message} {result.message}")
            findings[key] = result
        return list(findings.values())
