"""Which requirements a change adds or changes, in requirements files, pyproject.toml and
setup.cfg, with the line they sit on."""

from __future__ import annotations

import pytest

from reviewbot.analyzers.dependencies.requirements import (
    changed_requirements,
    requirements_txt_line,
)
from tests.unit.reviewbot_deps.helpers import make_change


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("acme-utils==1.1", "acme-utils==1.1"),
        ("Acme_Utils >= 1.0, <2  # pinned for the API", "Acme_Utils<2,>=1.0"),
        (
            "requests[socks]~=2.31 ; python_version >= '3.9'",
            'requests[socks]~=2.31; python_version >= "3.9"',
        ),
        ("flask==3.0.0 --hash=sha256:abcdef \\", "flask==3.0.0"),
        ("acme-utils", "acme-utils"),
    ],
)
def test_requirements_line_is_parsed(line: str, expected: str) -> None:
    requirement = requirements_txt_line(line)
    assert requirement is not None and str(requirement) == expected


@pytest.mark.parametrize(
    "line",
    [
        "",
        "# a comment",
        "-r other.txt",
        "-e .",
        "--index-url https://packages.internal/team/simple/",
        "    --hash=sha256:abcdef",
        "git+https://github.com/acme/utils.git#egg=acme-utils",
        "https://files.example/acme_utils-1.0-py3-none-any.whl",
        "./vendor/acme-utils",
        "acme-utils @ https://files.example/acme_utils-1.0-py3-none-any.whl",
        "not a requirement!",
    ],
)
def test_requirements_line_without_registry_requirement(line: str) -> None:
    assert requirements_txt_line(line) is None


def found(change) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    return [(d.name, d.path, d.line) for d in changed_requirements(change)]


def test_requirements_added_and_changed_lines() -> None:
    old = "flask==3.0.0\nrequests==2.31.0\nclick\n"
    new = "flask==3.0.0\nrequests==2.32.3\nclick\nAcme.Utils==1.1\n"
    change = make_change({"requirements-dev.txt": (old, new)})
    assert found(change) == [
        ("requests", "requirements-dev.txt", 2),
        ("acme-utils", "requirements-dev.txt", 4),
    ]


def test_a_moved_requirement_is_not_a_change() -> None:
    old = "click\nflask==3.0.0\n"
    new = "flask==3.0.0\nclick\n"
    assert found(make_change({"requirements.txt": (old, new)})) == []


def test_other_files_are_not_dependency_files() -> None:
    change = make_change({"notes.txt": (None, "acme-utils==1.0\n"), "app.py": (None, "x = 1\n")})
    assert found(change) == []


PYPROJECT = """\
[build-system]
requires = ["flit_core>=3.9"]

[project]
name = "service"
requires-python = ">=3.9"
description = "not-a-dependency"
dependencies = [
    "acme-utils==1.1",
    "click>=8",
]

[project.optional-dependencies]
fast = ["acme-speedups>=2"]

[tool.other]
names = ["acme-missing"]
"""


def test_pyproject_project_dependencies_and_extras() -> None:
    change = make_change({"pyproject.toml": (None, PYPROJECT)})
    assert found(change) == [
        ("flit-core", "pyproject.toml", 2),
        ("acme-utils", "pyproject.toml", 9),
        ("click", "pyproject.toml", 10),
        ("acme-speedups", "pyproject.toml", 14),
    ]


def test_pyproject_dependency_groups_and_build_requires() -> None:
    text = (
        '[build-system]\nrequires = ["flit_core>=3.9"]\n\n'
        '[dependency-groups]\ntest = ["pytest>=8", {include-group = "lint"}]\nlint = ["ruff"]\n'
    )
    change = make_change({"pyproject.toml": (None, text)})
    assert found(change) == [
        ("flit-core", "pyproject.toml", 2),
        ("pytest", "pyproject.toml", 5),
        ("ruff", "pyproject.toml", 6),
    ]


def test_pyproject_unchanged_dependency_lines_are_not_reported() -> None:
    new = PYPROJECT.replace('"click>=8"', '"click>=8.1"')
    change = make_change({"pyproject.toml": (PYPROJECT, new)})
    assert found(change) == [("click", "pyproject.toml", 10)]


SETUP_CFG = """\
[metadata]
name = service

[options]
install_requires =
    acme-utils==1.1
    click>=8
python_requires = >=3.9

[options.extras_require]
fast = acme-speedups>=2
"""


def test_setup_cfg_install_requires_and_extras() -> None:
    change = make_change({"setup.cfg": (None, SETUP_CFG)})
    assert found(change) == [
        ("acme-utils", "setup.cfg", 6),
        ("click", "setup.cfg", 7),
        ("acme-speedups", "setup.cfg", 11),
    ]


def test_setup_cfg_other_keys_are_not_requirements() -> None:
    text = "[metadata]\nname = acme-utils\n[options]\npackages = acme_utils\n"
    assert found(make_change({"setup.cfg": (None, text)})) == []
