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
    ("filename", "name", "version"),
    [
        # Names PyPI accepted for years and still serves: mirrored as they are.
        ("PyYAML-6.0.1.tar.gz", "pyyaml", "6.0.1"),
        ("python-dateutil-2.2.tar.gz", "python-dateutil", "2.2"),
        ("mock-1.0.1.zip", "mock", "1.0.1"),
        ("SQLAlchemy-1.4.52-cp311-cp311-manylinux_2_5_x86_64.manylinux1_x86_64.whl",
         "sqlalchemy", "1.4.52"),
        ("zope.interface-7.1.1-cp311-cp311-win_amd64.whl", "zope-interface", "7.1.1"),
        ("demo_pkg-1.0-7-py2.py3-none-any.whl", "demo-pkg", "1.0"),  # a build tag
        ("demo_pkg-1.0-cp312-cp312-musllinux_1_2_aarch64.whl", "demo-pkg", "1.0"),
        ("demo_pkg-1.0-cp39-abi3-macosx_10_9_universal2.whl", "demo-pkg", "1.0"),
    ],
)  # fmt: skip
def test_legacy_and_platform_filenames(filename: str, name: str, version: str) -> None:
    dist = parse_dist_filename(filename)
    assert (dist.name, dist.version) == (name, Version(version))
    assert dist.is_zip == filename.endswith((".whl", ".zip"))


@pytest.mark.parametrize(
    ("filename", "fragment"),
    [
        ("../evil-1.0-py3-none-any.whl", "not a plain file name"),
        ("sub/evil-1.0.tar.gz", "not a plain file name"),
        ("evil..-1.0.tar.gz", "not a plain file name"),
        ("demo-1.0-py2.7.egg", "neither a wheel"),
        ("demo-1.0.tar.bz2", "neither a wheel"),
        ("demo.tar.gz", "invalid sdist filename"),
        ("demo-1.0.whl", "invalid wheel filename"),
        ("demo-notaversion!-py3-none-any.whl", "invalid wheel filename"),
        ("", "no filename"),
    ],
)
def test_bad_filenames_say_why(filename: str, fragment: str) -> None:
    with pytest.raises(BadFilename, match=fragment):
        parse_dist_filename(filename)
