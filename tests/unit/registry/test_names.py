import pytest

from registry.core.names import (
    is_normalized,
    is_valid_project_name,
    normalize,
    repository_name_problem,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Django", "django"),
        ("zope.interface", "zope-interface"),
        ("Foo__Bar--baz..Qux", "foo-bar-baz-qux"),
        ("a_b.c-d", "a-b-c-d"),
        ("already-normal", "already-normal"),
    ],
)
def test_normalize_follows_pep_503(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_is_normalized() -> None:
    assert is_normalized("foo-bar")
    assert not is_normalized("Foo_Bar")


@pytest.mark.parametrize("name", ["a", "A1", "foo.bar_baz-9"])
def test_valid_project_names(name: str) -> None:
    assert is_valid_project_name(name)


@pytest.mark.parametrize("name", ["", "-foo", "foo-", "foo bar", "../x", "é"])
def test_invalid_project_names(name: str) -> None:
    assert not is_valid_project_name(name)


def test_repository_names() -> None:
    assert repository_name_problem("team-a") is None
    assert "lowercase" in (repository_name_problem("Team_A") or "")
    assert "reserved" in (repository_name_problem("api") or "")
    assert repository_name_problem("a" * 65) is not None
