"""Each rule of the registry dependency check, positive and negative, on parsed pages."""

from __future__ import annotations

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from reviewbot.analyzers.dependencies.checks import (
    check_requirement,
    internal_prefix,
    near_misses,
    one_edit_apart,
)
from reviewbot.analyzers.dependencies.registry_client import DistFile, ProjectPage, file_version
from reviewbot.analyzers.dependencies.requirements import DeclaredRequirement


def declared(text: str) -> DeclaredRequirement:
    requirement = Requirement(text)
    from packaging.utils import canonicalize_name

    return DeclaredRequirement(
        requirement, canonicalize_name(requirement.name), "requirements.txt", 3, text
    )


def page(name: str, *files: tuple[str, str | None, str | None]) -> ProjectPage:
    """files: (version, yank reason or None, requires-python)."""
    module = name.replace("-", "_")
    return ProjectPage(
        name,
        tuple(
            DistFile(
                f"{module}-{v}-py3-none-any.whl",
                file_version(f"{module}-{v}-py3-none-any.whl"),
                y,
                rp,
            )
            for v, y, rp in files
        ),
    )


UTILS = page(
    "acme-utils",
    ("1.0", None, ">=3.8"),
    ("1.1", "corrupts the cache", ">=3.8"),
    ("2.0rc1", None, None),
)
HOSTED = {"acme-utils", "acme-auth", "flask", "flask-login", "requests"}


def rule(
    text: str,
    project: ProjectPage | None,
    hosted: set[str] | None = HOSTED,
    supported: str | None = None,
) -> str | None:
    result = check_requirement(
        declared(text), project, hosted, SpecifierSet(supported) if supported else None
    )
    if result is not None:
        assert result.path == "requirements.txt" and result.line == 3
        assert str(result.category) == "dependencies"
    return result.rule if result else None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("acme-utilz", "acme-utils", True),
        ("acmeutils", "acme-utils", True),
        ("acme-utlis", "acme-utils", True),  # neighbours swapped
        ("acme-utils", "acme-utils", False),
        ("acme-uti", "acme-utils", False),
        ("acme-ulits", "acme-utils", False),  # two substitutions
    ],
)
def test_one_edit_apart(a: str, b: str, expected: bool) -> None:
    assert one_edit_apart(a, b) is expected


def test_near_misses_ignore_short_names_and_digit_generations() -> None:
    assert near_misses("reqeusts", {"requests"}) == ["requests"]
    assert near_misses("boto", {"boto3"}) == []
    assert near_misses("pyqt6", {"pyqt5"}) == []
    assert near_misses("sip", {"six"}) == []


def test_internal_prefix() -> None:
    assert internal_prefix("acme-missing", HOSTED) == ("acme", ["acme-auth", "acme-utils"])
    assert internal_prefix("flask-cors", HOSTED) is None  # `flask` itself is a project
    assert internal_prefix("zeta-tools", HOSTED) is None
    assert internal_prefix("acme", HOSTED) is None


def test_not_in_registry() -> None:
    assert rule("zeta-tools==1.0", None) == "deps/not-in-registry"
    assert rule("zeta-tools==1.0", None, hosted=None) == "deps/not-in-registry"
    assert rule("acme-utils==1.0", UTILS) is None


def test_typosquat() -> None:
    result = check_requirement(declared("acme-utilz"), None, HOSTED, None)
    assert result is not None and result.rule == "deps/typosquat"
    assert "did you mean acme-utils?" in result.message
    assert rule("acme-utils", UTILS) is None  # the real name, served
    assert rule("boto", None, hosted={"boto3"}) == "deps/not-in-registry"


def test_dependency_confusion() -> None:
    result = check_requirement(declared("acme-missing>=1"), None, HOSTED, None)
    assert result is not None and result.rule == "deps/dependency-confusion"
    assert "acme-auth, acme-utils" in result.message
    assert rule("flask-cors", None) == "deps/not-in-registry"


def test_no_matching_version() -> None:
    result = check_requirement(declared("acme-utils>=3"), UTILS, HOSTED, None)
    assert result is not None and result.rule == "deps/no-matching-version"
    assert "available: 2.0rc1, 1.1, 1.0" in result.message
    assert rule("acme-utils>=1,<2", UTILS) is None
    assert rule("acme-utils==2.0rc1", UTILS) is None  # pre-releases count when asked for


def test_yanked_exact_pin_quotes_the_reason() -> None:
    result = check_requirement(declared("acme-utils==1.1"), UTILS, HOSTED, None)
    assert result is not None and result.rule == "deps/yanked-version"
    assert "'corrupts the cache'" in result.message and "Pin 1.0 instead" in result.message


def test_yanked_range_that_only_matches_yanked_releases() -> None:
    result = check_requirement(declared("acme-utils>=1.1,<2"), UTILS, HOSTED, None)
    assert result is not None and result.rule == "deps/yanked-version"
    assert "installers skip yanked releases" in result.message
    assert rule("acme-utils>=1.0,<2", UTILS) is None  # 1.0 is still there


def test_a_partially_yanked_release_is_usable() -> None:
    mixed = ProjectPage(
        "acme-utils",
        (
            DistFile(
                "acme_utils-1.1-py3-none-any.whl",
                file_version("acme_utils-1.1-py3-none-any.whl"),
                "bad wheel",
                None,
            ),
            DistFile("acme_utils-1.1.tar.gz", file_version("acme_utils-1.1.tar.gz"), None, None),
        ),
    )
    assert rule("acme-utils==1.1", mixed) is None


def test_requires_python() -> None:
    future = page("acme-new", ("2.0", None, ">=3.11"), ("1.0", None, ">=3.8"))
    result = check_requirement(declared("acme-new==2.0"), future, HOSTED, SpecifierSet(">=3.9"))
    assert result is not None and result.rule == "deps/requires-python"
    assert "Python 3.9, 3.10" in result.message and ">=3.11" in result.message
    assert rule("acme-new>=1.0", future, supported=">=3.9") is None  # pip picks 1.0 on 3.9
    assert rule("acme-new==2.0", future, supported=">=3.11") is None
    assert rule("acme-new==2.0; python_version >= '3.11'", future, supported=">=3.9") is None
    assert rule("acme-new==2.0", future, supported=None) is None  # unknown: no judgement
