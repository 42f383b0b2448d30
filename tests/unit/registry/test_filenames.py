import pytest
from packaging.version import Version

from registry.core.filenames import BadFilename, parse_dist_filename


def test_wheel_filename() -> None:
    dist = parse_dist_filename("Demo_Pkg-1.0.post1-py3-none-any.whl")
    assert (dist.name, dist.version, dist.kind) == ("demo-pkg", Version("1.0.post1"), "bdist_wheel")
    assert dist.is_wheel


def test_pep625_sdist_filename() -> None:
    dist = parse_dist_filename("demo_pkg-2.0rc1.tar.gz")
    assert (dist.name, dist.version, dist.kind) == ("demo-pkg", Version("2.0rc1"), "sdist")


@pytest.mark.parametrize(
    ("filename", "fragment"),
    [
        ("../evil-1.0-py3-none-any.whl", "not a plain file name"),
        ("sub/evil-1.0.tar.gz", "not a plain file name"),
        ("evil..-1.0.tar.gz", "not a plain file name"),
        ("demo-pkg-1.0.tar.gz", "PEP 625"),
        ("Demo_Pkg-1.0.tar.gz", "PEP 625"),
        ("demo-1.0.zip", "neither a wheel"),
        ("demo-1.0-py2.7.egg", "neither a wheel"),
        ("demo-1.0.whl", "invalid wheel filename"),
        ("demo-notaversion!-py3-none-any.whl", "invalid wheel filename"),
        ("", "no filename"),
    ],
)
def test_bad_filenames_say_why(filename: str, fragment: str) -> None:
    with pytest.raises(BadFilename, match=fragment):
        parse_dist_filename(filename)
