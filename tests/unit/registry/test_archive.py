import io
import zipfile

import pytest

from registry.core.archive import ArchiveLimits, ArchiveTooLarge, BadArchive, read_core_metadata
from registry.core.filenames import parse_dist_filename

LIMITS = ArchiveLimits(max_uncompressed_bytes=4 * 1024 * 1024, max_compression_ratio=100)
WHEEL = parse_dist_filename("demo_pkg-1.0-py3-none-any.whl")
SDIST = parse_dist_filename("demo_pkg-1.0.tar.gz")


def test_reads_wheel_metadata_exactly(wheel_factory, metadata_factory) -> None:
    text = metadata_factory("demo_pkg", "1.0", extra="Requires-Dist: requests>=2")
    data = read_core_metadata(io.BytesIO(wheel_factory(metadata=text)), WHEEL, LIMITS)
    assert data == text.encode()


def test_reads_sdist_pkg_info(sdist_factory, metadata_factory) -> None:
    text = metadata_factory()
    assert read_core_metadata(io.BytesIO(sdist_factory(pkg_info=text)), SDIST, LIMITS) == (
        text.encode()
    )


def test_not_a_zip() -> None:
    with pytest.raises(BadArchive, match="not a readable zip"):
        read_core_metadata(io.BytesIO(b"PK\x03\x04 this is not a zip"), WHEEL, LIMITS)


def test_not_a_tar() -> None:
    with pytest.raises(BadArchive, match="not a readable gzip"):
        read_core_metadata(io.BytesIO(b"\x1f\x8b garbage"), SDIST, LIMITS)


def test_wheel_without_metadata() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("demo_pkg/__init__.py", "")
    with pytest.raises(BadArchive, match="exactly one"):
        read_core_metadata(buf, WHEEL, LIMITS)


def test_sdist_pkg_info_is_read_from_its_one_top_level_directory(sdist_factory) -> None:
    # Legacy sdists name their directory as they please (PyYAML-6.0.1/, Jinja2-2.7.3/); PyPI
    # takes the archive's single top-level directory, and so do we.
    data = sdist_factory(stem="Demo-Pkg-1.0", pkg_info="Metadata-Version: 1.0\nName: x\n")
    assert read_core_metadata(io.BytesIO(data), SDIST, LIMITS).startswith(b"Metadata-Version")


def test_sdist_without_pkg_info(sdist_factory) -> None:
    data = sdist_factory(stem="demo_pkg-1.0/src", extra_members={"demo_pkg-1.0/setup.py": b""})
    with pytest.raises(BadArchive, match=r"PKG-INFO not found at demo_pkg-1\.0/PKG-INFO"):
        read_core_metadata(io.BytesIO(data), SDIST, LIMITS)


def test_sdist_with_two_top_level_directories(sdist_factory) -> None:
    data = sdist_factory(extra_members={"elsewhere/setup.py": b""})
    with pytest.raises(BadArchive, match="incorrect number of top-level directories"):
        read_core_metadata(io.BytesIO(data), SDIST, LIMITS)


def zip_sdist(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return buf.getvalue()


def test_legacy_zip_sdist(metadata_factory) -> None:
    text = metadata_factory()
    data = zip_sdist({"demo-pkg-1.0/PKG-INFO": text.encode(), "demo-pkg-1.0/setup.py": b""})
    dist = parse_dist_filename("demo-pkg-1.0.zip")
    assert read_core_metadata(io.BytesIO(data), dist, LIMITS) == text.encode()
    with pytest.raises(BadArchive, match="PKG-INFO not found"):
        read_core_metadata(io.BytesIO(zip_sdist({"demo-pkg-1.0/setup.py": b""})), dist, LIMITS)
    with pytest.raises(BadArchive, match="unsafe path"):
        unsafe = zip_sdist({"demo-pkg-1.0/PKG-INFO": text.encode(), "../evil": b""})
        read_core_metadata(io.BytesIO(unsafe), dist, LIMITS)


@pytest.mark.parametrize("member", ["../../etc/passwd", "/abs/path", "a/../../b", "c:\\x"])
def test_zip_path_traversal_refused(wheel_factory, member: str) -> None:
    data = wheel_factory(extra_members={member: b"x"})
    with pytest.raises(BadArchive, match="unsafe path"):
        read_core_metadata(io.BytesIO(data), WHEEL, LIMITS)


def test_tar_path_traversal_refused(sdist_factory) -> None:
    data = sdist_factory(extra_members={"demo_pkg-1.0/../../escape": b"x"})
    with pytest.raises(BadArchive, match="unsafe path"):
        read_core_metadata(io.BytesIO(data), SDIST, LIMITS)


def test_zip_bomb_by_ratio(wheel_factory) -> None:
    data = wheel_factory(extra_members={"zeros.bin": b"\0" * (3 * 1024 * 1024)})
    assert len(data) < 30_000
    with pytest.raises(ArchiveTooLarge, match="zip bomb"):
        read_core_metadata(io.BytesIO(data), WHEEL, LIMITS)


def test_zip_bomb_by_total_size(wheel_factory) -> None:
    limits = ArchiveLimits(max_uncompressed_bytes=10_000, max_compression_ratio=100)
    data = wheel_factory(extra_members={"data.bin": bytes(range(256)) * 100})
    with pytest.raises(ArchiveTooLarge, match="more than the limit"):
        read_core_metadata(io.BytesIO(data), WHEEL, limits)


def test_tar_bomb(sdist_factory) -> None:
    data = sdist_factory(extra_members={"demo_pkg-1.0/zeros": b"\0" * (3 * 1024 * 1024)})
    with pytest.raises(ArchiveTooLarge, match="tar bomb"):
        read_core_metadata(io.BytesIO(data), SDIST, LIMITS)
