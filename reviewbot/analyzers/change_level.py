"""Heuristics about the change as a whole (findings with no path): size, tests, sensitive
files, migrations, new dependencies.

`new_dependencies(change)` is public: the dependency check against the registry (a later
issue) starts from the same list.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewbot.analyzers.rules import make_finding
from reviewbot.review.diff import FileDiff, FileStatus, LineKind
from reviewbot.review.findings import Finding

if TYPE_CHECKING:
    from reviewbot.review.change import Change

SOURCE_SUFFIXES = (".py", ".js", ".jsx", ".ts", ".tsx", ".go", ".java", ".kt", ".rb", ".rs",
                   ".c", ".cc", ".cpp", ".h", ".cs", ".php", ".scala", ".swift")  # fmt: skip
TEST_FILE = re.compile(
    r"(^|/)(tests?|testing|spec|__tests__)/|(^|/)test_[^/]+$|_test\.[a-z]+$|\.(spec|test)\.[a-z]+$"
    r"|(^|/)conftest\.py$"
)
CI_DEPLOY = re.compile(
    r"^\.github/(workflows|actions)/|^\.gitlab-ci\.yml$|^\.gitlab/|(^|/)Jenkinsfile$|^\.circleci/"
    r"|^\.travis\.yml$|^azure-pipelines\.yml$|^\.buildkite/|(^|/)buildspec\.ya?ml$"
    r"|(^|/)appspec\.ya?ml$|^deploy/|(^|/)(Docker|Container)file(\.[\w-]+)?$"
    r"|(^|/)docker-compose[\w.-]*\.ya?ml$|\.tf$|(^|/)(helm|k8s|kubernetes|charts)/"
    r"|(^|/)CODEOWNERS$|^\.pre-commit-config\.yaml$"
)
AUTH_SENSITIVE = re.compile(
    r"(^|[/_.-])(auth|authn|authz|authentication|authorization|login|logout|oauth2?|saml|sso"
    r"|jwt|permissions?|rbac|acl|passwords?|sessions?|crypto|security|tokens?|secrets?|iam"
    r"|csrf|cors)([/_.-]|$)",
    re.IGNORECASE,
)
MIGRATION = re.compile(
    r"(^|/)(migrations|alembic/versions|db/migrate|migrate|schema_migrations|flyway|liquibase)/"
    r"|(^|/)V\d+__[\w-]+\.sql$"
)
REQUIREMENTS = re.compile(r"(^|/)(requirements[\w.-]*|constraints[\w.-]*)\.(txt|in)$")
REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([<>=!~;@ ]|$)")
QUOTED_REQUIREMENT = re.compile(
    r"[\"']([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*[<>=!~;@ \"']"
)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class NewDependency:
    name: str  # canonical (PEP 503) name
    requirement: str  # the added line as written
    path: str
    line: int


def _changed_lines(file_diff: FileDiff) -> int:
    return sum(1 for h in file_diff.hunks for line in h.lines if line.kind is not LineKind.CONTEXT)


def _requirement_names(text: str, quoted: bool) -> list[str]:
    text = text.split("#", 1)[0]
    if quoted:
        return [m.group(1) for m in QUOTED_REQUIREMENT.finditer(text + " ")]
    stripped = text.strip()
    if not stripped or stripped.startswith(("-", "git+", "http:", "https:", "file:", ".")):
        return []
    match = REQUIREMENT_NAME.match(stripped)
    return [match.group(1)] if match else []


def _pyproject_dependency_names(content: str) -> set[str]:
    """Every requirement name declared in a pyproject.toml (project deps, extras, groups,
    build requires)."""
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError:
        return set()
    requirements: list[str] = []
    project = data.get("project", {})
    requirements += project.get("dependencies", []) or []
    for extra in (project.get("optional-dependencies", {}) or {}).values():
        requirements += extra or []
    for group in (data.get("dependency-groups", {}) or {}).values():
        requirements += [r for r in group or [] if isinstance(r, str)]
    requirements += (data.get("build-system", {}) or {}).get("requires", []) or []
    names = set()
    for requirement in requirements:
        if isinstance(requirement, str):
            match = REQUIREMENT_NAME.match(requirement)
            if match:
                names.add(_canonical(match.group(1)))
    return names


def new_dependencies(change: Change) -> list[NewDependency]:
    """Dependencies the change adds (a version bump of an existing one is not new)."""
    found: dict[str, NewDependency] = {}
    for file_diff in change.reviewable():
        path = file_diff.path
        is_requirements = bool(REQUIREMENTS.search(path))
        is_pyproject = path.rsplit("/", 1)[-1] == "pyproject.toml"
        if not (is_requirements or is_pyproject):
            continue
        declared = None
        if is_pyproject:
            declared = _pyproject_dependency_names(change.contents.get(path, ""))
        removed: set[str] = set()
        added: list[tuple[str, str, int]] = []
        for hunk in file_diff.hunks:
            for line in hunk.lines:
                names = _requirement_names(line.text, quoted=is_pyproject)
                if line.kind is LineKind.REMOVED:
                    removed.update(_canonical(n) for n in names)
                elif line.kind is LineKind.ADDED and line.new_lineno is not None:
                    added.extend((n, line.text.strip(), line.new_lineno) for n in names)
        for name, text, number in added:
            canonical = _canonical(name)
            if canonical in removed or canonical in found:
                continue
            if declared is not None and canonical not in declared:
                continue  # a quoted word in pyproject.toml that is not a requirement
            found[canonical] = NewDependency(canonical, text.rstrip(","), path, number)
    return list(found.values())


class ChangeLevelAnalyzer:
    name = "change"

    def __init__(self, large_change_lines: int = 1000) -> None:
        self.large_change_lines = large_change_lines

    def analyze(self, change: Change) -> Iterable[Finding]:
        files = change.reviewable()
        every = [f for f in change.diff.files if f.path not in change.excluded]
        findings: list[Finding] = []

        changed = sum(_changed_lines(f) for f in every)
        if changed > self.large_change_lines:
            findings.append(
                make_finding(
                    "change/large-change",
                    None,
                    None,
                    f"This change touches {changed} lines in {len(every)} files (threshold "
                    f"{self.large_change_lines}); reviews past a few hundred lines miss more "
                    "defects. Split it into smaller pull requests if you can.",
                    anchor_text=str(self.large_change_lines),
                )
            )

        sources = [
            f.path
            for f in files
            if f.path.endswith(SOURCE_SUFFIXES)
            and not TEST_FILE.search(f.path)
            and not MIGRATION.search(f.path)
            and f.added_lines()
        ]
        tests = [f.path for f in every if TEST_FILE.search(f.path)]
        if sources and not tests:
            findings.append(
                make_finding(
                    "change/no-test-change",
                    None,
                    None,
                    f"Source changed ({_listing(sources)}) but no test file changed; add or "
                    "update tests that cover it.",
                )
            )

        ci = [f.path for f in every if CI_DEPLOY.search(f.path)]
        if ci:
            findings.append(
                make_finding(
                    "change/ci-deploy-change",
                    None,
                    None,
                    f"CI/deployment files changed: {_listing(ci)}. They run with deploy "
                    "credentials; have the pipeline's owner review them.",
                    anchor_text=" ".join(ci),
                )
            )
        auth = [
            f.path
            for f in every
            if AUTH_SENSITIVE.search(f.path.rsplit(".", 1)[0]) and not TEST_FILE.search(f.path)
        ]
        if auth:
            findings.append(
                make_finding(
                    "change/auth-sensitive-change",
                    None,
                    None,
                    f"Authentication/authorization code changed: {_listing(auth)}. Ask for a "
                    "security-minded reviewer and test the denied cases too.",
                    anchor_text=" ".join(auth),
                )
            )
        migrations = [
            f.path for f in every if MIGRATION.search(f.path) and f.status is not FileStatus.DELETED
        ]
        if migrations:
            findings.append(
                make_finding(
                    "change/migration",
                    None,
                    None,
                    f"Database migrations in this change: {_listing(migrations)}. Check they "
                    "run without long locks on a live database, work with the code still "
                    "running, and can be rolled back.",
                    anchor_text=" ".join(migrations),
                )
            )
        dependencies = new_dependencies(change)
        if dependencies:
            names = ", ".join(d.name for d in dependencies)
            findings.append(
                make_finding(
                    "change/new-dependency",
                    None,
                    None,
                    f"New dependencies: {names}. Check each one's licence, maintenance and "
                    "provenance, and that the internal registry serves it.",
                    anchor_text=names,
                )
            )
        return findings


def _listing(paths: list[str], limit: int = 5) -> str:
    shown = ", ".join(paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")
