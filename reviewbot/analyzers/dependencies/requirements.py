"""Which Python requirements a change adds or changes, and on which line: requirements*.txt
/ constraints*.txt, pyproject.toml ([project] dependencies and optional-dependencies,
[dependency-groups], [build-system] requires) and setup.cfg (install_requires,
extras_require); plus the project's own requires-python."""

from __future__ import annotations

import configparser
import re
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from reviewbot.analyzers.change_level import REQUIREMENTS
from reviewbot.review.diff import FileDiff, LineKind

if TYPE_CHECKING:
    from reviewbot.review.change import Change


@dataclass(frozen=True)
class DeclaredRequirement:
    requirement: Requirement
    name: str  # canonical
    path: str
    line: int
    text: str  # the line as written


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
