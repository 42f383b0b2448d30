"""Factories for small in-memory distributions used by the unit tests."""

from __future__ import annotations

import io
import tarfile
import zipfile
from collections.abc import Callable

import pytest


def metadata_text(name: str = "demo-pkg", version: str = "1.0", extra: str = "") -> str:
    return (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        f"Summary: a demo\nRequires-Python: >=3.8\n{extra}\n"
    )


def make_wheel(
    name: str = "demo_pkg",
    version: str = "1.0",
    metadata: str | None = None,
    extra_members: dict[str, bytes] | None = None,
) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{name}/__init__.py", "")
        zf.writestr(
            f"{name}-{version}.dist-info/METADATA",
            metadata if metadata is not None else metadata_text(name, version),
        )
        for member, data in (extra_members or {}).items():
            zf.writestr(member, data)
    return buf.getvalue()


def make_sdist(
    stem: str = "demo_pkg-1.0",
    pkg_info: str | None = None,
    extra_members: dict[str, bytes] | None = None,
) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        members = {f"{stem}/PKG-INFO": (pkg_info or metadata_text()).encode()}
        members.update(extra_members or {})
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.fixture
def wheel_factory() -> Callable[..., bytes]:
    return make_wheel


@pytest.fixture
def sdist_factory() -> Callable[..., bytes]:
    return make_sdist


@pytest.fixture
def metadata_factory() -> Callable[..., str]:
    return metadata_text
