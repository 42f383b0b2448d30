"""The registry checks for one requirement: typosquats, dependency confusion, names the
registry does not serve, versions that match nothing, yanked pins and Requires-Python
mismatches (the rules are registered here, in the rule table's `deps/` family)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from packaging.requirements import Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from reviewbot.analyzers.dependencies.requirements import DeclaredRequirement
from reviewbot.analyzers.rules import Rule, make_finding, register
from reviewbot.review.findings import Category, Finding, Severity

if TYPE_CHECKING:
    from reviewbot.analyzers.dependencies.registry_client import DistFile, ProjectPage

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
