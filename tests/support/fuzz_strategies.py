"""Hypothesis strategies for hostile uploads: archive member names, METADATA lines, zip and
tar files with links, nested archives, wrong compression, truncation and flipped bytes.
Shared by the property tests and fuzz/ (imported as `tests.support.fuzz_strategies`)."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import stat
import tarfile
import zipfile

from hypothesis import strategies as st

# Names an attacker would put in an archive, plus arbitrary text.
HOSTILE_NAMES = st.sampled_from(
    [
        "demo_pkg-1.0.dist-info/METADATA",
        "demo_pkg-1.0/PKG-INFO",
        "/etc/passwd",
        "../../escape",
        "demo_pkg-1.0/../../x",
        "C:\\windows\\x",
        "demo_pkg/..\\..\\x",
        "a/METADATA",
        "",
        ".",
        "demo_pkg-1.0.dist-info/",
    ]
) | st.text(min_size=0, max_size=40)
METADATA_LINES = st.sampled_from(
    [
        "Metadata-Version: 2.1",
        "Metadata-Version: 9.9",
        "Name: demo-pkg",
        "Name: ",
        "Version: 1.0",
        "Version: not-a-version",
        "Requires-Python: >=3.8",
        "Requires-Python: \"><script>",
        "Requires-Dist: requests>=2",
        "Requires-Dist: evil @ https://example.invalid/x.whl",
        "Requires-Dist: [[[",
        "Dynamic: Name",
        "Provides-Extra: ../x",
        "Summary: multi\n line",
        "License-Expression: MIT AND (",
        "Description-Content-Type: text/x-unknown; charset=klingon",
        "\x00\xff",
    ]
) | st.text(max_size=60)


ZIP_METHODS = st.sampled_from(
    [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
)


def claim_encrypted(data: bytes) -> bytes:
    """Set the "encrypted" flag on every member (zipfile itself never writes one)."""
    out = bytearray(data)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(signature)
        while at != -1:
            if at + flag_at < len(out):
                out[at + flag_at] |= 0x01
            at = out.find(signature, at + 4)
    return bytes(out)


@st.composite
def zips(draw: st.DrawFn) -> bytes:
    """Zip files with hostile member names, modes (symlinks), methods and nested archives."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for _ in range(draw(st.integers(0, 5))):
            info = zipfile.ZipInfo(draw(HOSTILE_NAMES) or "x")
            info.compress_type = draw(ZIP_METHODS)
            if draw(st.booleans()):
                info.external_attr = (stat.S_IFLNK | 0o777) << 16  # a symlink member
            payload = draw(st.binary(max_size=200))
            if draw(st.booleans()):  # a nested archive
                inner = io.BytesIO()
                with zipfile.ZipFile(inner, "w") as nested:
                    nested.writestr("demo_pkg-1.0.dist-info/METADATA", payload)
                payload = inner.getvalue()
            zf.writestr(info, payload)
        if draw(st.booleans()):
            zf.writestr("demo_pkg-1.0.dist-info/METADATA", draw(st.binary(max_size=300)))
    data = buf.getvalue()
    if draw(st.booleans()):
        data = claim_encrypted(data)
    cut = draw(st.one_of(st.none(), st.integers(0, max(len(data) - 1, 0))))
    if cut is not None:  # truncated in transit
        data = data[:cut]
    if draw(st.booleans()) and data:  # one flipped byte
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    return data


TAR_KINDS = st.sampled_from(
    [tarfile.REGTYPE, tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.DIRTYPE, tarfile.FIFOTYPE]
)


@st.composite
def sdists(draw: st.DrawFn) -> bytes:
    """tar archives with hostile names, links (also out of the archive), wrong compression."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for _ in range(draw(st.integers(0, 5))):
            info = tarfile.TarInfo(draw(HOSTILE_NAMES) or "x")
            info.type = draw(TAR_KINDS)
            if info.type in (tarfile.SYMTYPE, tarfile.LNKTYPE):
                info.linkname = draw(HOSTILE_NAMES)
                tf.addfile(info)
            else:
                payload = draw(st.binary(max_size=200))
                info.size = len(payload) if info.type == tarfile.REGTYPE else 0
                tf.addfile(info, io.BytesIO(payload) if info.size else None)
        if draw(st.booleans()):
            pkg_info = draw(st.binary(max_size=300))
            info = tarfile.TarInfo("demo_pkg-1.0/PKG-INFO")
            info.size = len(pkg_info)
            tf.addfile(info, io.BytesIO(pkg_info))
    compress = draw(st.sampled_from(["gzip", "gzip", "bz2", "xz", "none"]))
    data = {
        "gzip": gzip.compress,
        "bz2": bz2.compress,
        "xz": lzma.compress,
        "none": lambda b: b,
    }[compress](raw.getvalue())
    cut = draw(st.one_of(st.none(), st.integers(0, max(len(data) - 1, 0))))
    return data if cut is None else data[:cut]
