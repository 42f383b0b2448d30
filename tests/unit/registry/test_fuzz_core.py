"""Property tests (hypothesis) that hunt for crashes in what reads untrusted uploads: the
filename parser, the core-metadata validator and the archive readers. Every input must end
in a result or a named domain error (BadFilename, BadArchive, ArchiveTooLarge, a problems
list), never another exception. Examples are kept modest so CI stays quick; to hunt longer,
raise HYPOTHESIS_PROFILE=long (see docs/registry.md, "Fuzzing") or run fuzz/ with atheris."""

from __future__ import annotations

import io
import os
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from registry.core.archive import (
    MAX_METADATA_BYTES,
    ArchiveLimits,
    ArchiveTooLarge,
    BadArchive,
    read_core_metadata,
)
from registry.core.filenames import BadFilename, parse_dist_filename
from registry.core.upload import Digests, UploadForm, check_core_metadata, check_form

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:  # `tests.support` is imported as a package from the repository root
    sys.path.insert(0, ROOT)

from tests.support.fuzz_strategies import (  # noqa: E402
    METADATA_LINES,
    claim_encrypted,
    sdists,
    zips,
)

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

LIMITS = ArchiveLimits(max_uncompressed_bytes=2 * 1024 * 1024, max_compression_ratio=50)
WHEEL = parse_dist_filename("demo_pkg-1.0-py3-none-any.whl")
SDIST = parse_dist_filename("demo_pkg-1.0.tar.gz")
ARCHIVE_ERRORS = (BadArchive, ArchiveTooLarge)

# --- filenames --------------------------------------------------------------------------------


@given(st.text(max_size=300))
@example("a" * 5000 + "-1.0.tar.gz")
@example("demo-1.0-py3-none-any.whl\x00.tar.gz")
@example("../demo_pkg-1.0.tar.gz")
def test_any_filename_parses_or_is_refused_by_name(filename: str) -> None:
    try:
        dist = parse_dist_filename(filename)
    except BadFilename as exc:
        assert str(exc)
        return
    assert dist.filename == filename
    assert "/" not in filename and "\\" not in filename and ".." not in filename


# --- core metadata ----------------------------------------------------------------------------


@given(st.lists(METADATA_LINES, max_size=12), st.binary(max_size=64), st.booleans())
def test_any_metadata_gives_problems_or_a_result(
    lines: list[str], tail: bytes, wheel: bool
) -> None:
    raw = ("\n".join(lines) + "\n\n").encode("utf-8", "surrogatepass") + tail
    dist = WHEEL if wheel else SDIST
    form = UploadForm("file_upload", "1", dist.filename, fields={"requires_python": ["x"]})
    problems, meta = check_core_metadata(raw, dist, form)
    assert (meta is None) == bool(problems)
    assert all(isinstance(p, str) and p for p in problems)


@given(
    st.dictionaries(st.text(max_size=20), st.lists(st.text(max_size=40), max_size=3), max_size=6),
    st.one_of(st.none(), st.text(max_size=30)),
    st.text(max_size=120),
    st.one_of(st.none(), st.text(max_size=70)),
)
@example({}, None, "", "\x80")  # found by this test: a non-ASCII digest was a TypeError (500)
def test_any_form_gives_problems_or_a_filename(
    fields: dict[str, list[str]], action: str | None, filename: str, sha: str | None
) -> None:
    form = UploadForm(action, "1", filename, sha256_digest=sha, fields=fields)
    problems, _dist = check_form(form, Digests.of_stream(io.BytesIO(b"bytes")))
    assert all(isinstance(p, str) and p for p in problems)


# --- archives ---------------------------------------------------------------------------------


@given(st.binary(max_size=4096), st.booleans())
@example(b"PK\x05\x06" + b"\x00" * 18, True)  # an empty zip's end record only
@example(b"\x1f\x8b\x08\x00" + b"\x00" * 20, False)  # a gzip header and nothing else
def test_arbitrary_bytes_are_a_bad_archive(data: bytes, wheel: bool) -> None:
    with pytest.raises(ARCHIVE_ERRORS):
        read_core_metadata(io.BytesIO(data), WHEEL if wheel else SDIST, LIMITS)


@pytest.mark.filterwarnings("ignore:Duplicate name")  # two members of one name: hostile too
@given(zips())
def test_hostile_wheels_end_in_metadata_or_a_domain_error(data: bytes) -> None:
    try:
        metadata = read_core_metadata(io.BytesIO(data), WHEEL, LIMITS)
    except ARCHIVE_ERRORS as exc:
        assert str(exc)
        return
    assert len(metadata) <= MAX_METADATA_BYTES


@given(sdists())
def test_hostile_sdists_end_in_metadata_or_a_domain_error(data: bytes) -> None:
    try:
        metadata = read_core_metadata(io.BytesIO(data), SDIST, LIMITS)
    except ARCHIVE_ERRORS as exc:
        assert str(exc)
        return
    assert len(metadata) <= MAX_METADATA_BYTES


# --- the hand-picked hostile cases the properties must keep covering -------------------------


def test_zip_bomb_is_refused_before_inflating() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("demo_pkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\n")
        zf.writestr("demo_pkg/bomb.bin", b"\x00" * (64 * 1024 * 1024))
    assert len(buf.getvalue()) < 200_000
    with pytest.raises(ArchiveTooLarge, match=r"zip bomb|inflates"):
        read_core_metadata(buf, WHEEL, LIMITS)


def test_enormous_metadata_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("demo_pkg-1.0.dist-info/METADATA", b"Name: x\n" * (MAX_METADATA_BYTES // 7))
    generous = ArchiveLimits(max_uncompressed_bytes=1 << 30, max_compression_ratio=100_000)
    with pytest.raises(BadArchive, match="larger than"):
        read_core_metadata(buf, WHEEL, generous)


def test_tar_bomb_is_refused_while_reading_headers() -> None:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as tf:
        for i in range(4):
            info = tarfile.TarInfo(f"demo_pkg-1.0/zeros{i}")
            info.size = 1024 * 1024
            tf.addfile(info, io.BytesIO(b"\x00" * info.size))
    raw.seek(0)
    with pytest.raises(ArchiveTooLarge):
        read_core_metadata(raw, SDIST, LIMITS)


def test_encrypted_metadata_is_a_bad_archive() -> None:
    # Found by test_hostile_wheels_…: zipfile raises RuntimeError for an encrypted member.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("demo_pkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\n")
    with pytest.raises(BadArchive):
        read_core_metadata(io.BytesIO(claim_encrypted(buf.getvalue())), WHEEL, LIMITS)


def test_symlink_out_of_an_sdist_is_refused() -> None:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as tf:
        link = tarfile.TarInfo("demo_pkg-1.0/PKG-INFO")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tf.addfile(link)
    raw.seek(0)
    with pytest.raises(BadArchive, match="unsafe"):
        read_core_metadata(raw, SDIST, LIMITS)
