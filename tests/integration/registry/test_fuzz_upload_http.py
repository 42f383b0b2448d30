"""Property tests (hypothesis) of the upload endpoint through the real app: arbitrary forms,
filenames, archives and raw multipart bodies end in a clean 4xx with a message (or a 200 for
what is valid), never a 5xx, and a refused upload stores no row and no blob."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from registry.config import Settings
from registry.core.model import Actor
from registry.db.catalog import SqlCatalog
from registry.db.session import make_engine, migrate, session_factory
from registry.services.admin import create_repository, issue_token
from registry.web.app import create_app

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:  # `tests.support` is imported as a package from the repository root
    sys.path.insert(0, ROOT)

from tests.support.fuzz_strategies import HOSTILE_NAMES, sdists, zips  # noqa: E402

settings.register_profile(
    "ci-http", max_examples=120, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)  # fmt: skip
settings.register_profile(
    "long-http", max_examples=5_000, deadline=None, suppress_health_check=list(HealthCheck)
)
PROFILE = "long-http" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "ci-http"
pytestmark = pytest.mark.filterwarnings("ignore:Duplicate name")  # hostile zips do that
CLEAN = {200, 400, 401, 403, 404, 408, 409, 413}


class Registry:
    def __init__(self, root: Path) -> None:
        url = f"sqlite:///{root / 'registry.sqlite3'}"
        engine = make_engine(url)
        migrate(engine)
        with session_factory(engine)() as session:
            catalog = SqlCatalog(session)
            create_repository(catalog, "team", False, Actor.cli())
            token = issue_token(catalog, "team", "publish", "1d", Actor.cli()).token
        engine.dispose()
        self.root = root
        self.app = create_app(Settings(data_dir=root, max_upload_bytes=200_000))
        self.client = self.app.test_client()
        raw = base64.b64encode(f"__token__:{token}".encode()).decode()
        self.headers = {"Authorization": f"Basic {raw}"}

    def state(self) -> tuple[int, int]:
        with sqlite3.connect(self.root / "registry.sqlite3") as db:
            files = db.execute("select count(*) from files").fetchone()[0]
        blobs = sum(1 for p in (self.root / "blobs").rglob("*") if p.is_file())
        return files, blobs

    def check(self, reply: Any, before: tuple[int, int]) -> None:
        assert reply.status_code in CLEAN, reply.get_data(as_text=True)[:500]
        if reply.status_code >= 400:
            assert reply.get_data(as_text=True).strip(), "a refusal says why"
            assert self.state() == before


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return Registry(tmp_path_factory.mktemp("fuzz-http"))


FIELD_NAMES = st.sampled_from(
    [":action", "protocol_version", "name", "version", "filetype", "sha256_digest",
     "md5_digest", "blake2_256_digest", "requires_python", "summary", "metadata_version",
     "description"]
) | st.text(max_size=15)  # fmt: skip
FILENAMES = st.sampled_from(
    ["demo_pkg-1.0-py3-none-any.whl", "demo_pkg-1.0.tar.gz", "demo-pkg-1.0.tar.gz",
     "demo_pkg-1.0-py3-none-any.whl/../x", "a" * 300 + "-1.0.tar.gz", ""]
) | HOSTILE_NAMES  # fmt: skip
CONTENT = zips() | sdists() | st.binary(max_size=2048)


@settings.get_profile(PROFILE)
@given(
    st.lists(st.tuples(FIELD_NAMES, st.text(max_size=80)), max_size=10),
    st.one_of(st.none(), FILENAMES),
    CONTENT,
    st.booleans(),
)
@example([(":action", "file_upload"), ("sha256_digest", "\x80")], "demo_pkg-1.0.tar.gz", b"x",
         False)  # fmt: skip
def test_any_upload_form_is_answered_cleanly(
    registry: Registry,
    fields: list[tuple[str, str]],
    filename: str | None,
    content: bytes,
    well_formed: bool,
) -> None:
    if well_formed and filename:  # the control fields right, so the archive gets read
        name, _, rest = filename.partition("-")
        fields = [(":action", "file_upload"), ("name", name), ("version", rest.split("-")[0]
                  .removesuffix(".tar.gz")),
                  ("sha256_digest", hashlib.sha256(content).hexdigest()), *fields]  # fmt: skip
    data: dict[str, Any] = {}
    for key, value in fields:
        data.setdefault(key, []).append(value)
    if filename is not None:
        data["content"] = (io.BytesIO(content), filename)
    before = registry.state()
    reply = registry.client.post("/team/", data=data, headers=registry.headers)
    registry.check(reply, before)


# What a header can carry at all: latin-1 without control characters.
HEADER_CHARS = st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f")
HEADER_TEXT = st.text(HEADER_CHARS, max_size=72)


@settings.get_profile(PROFILE)
@given(st.binary(max_size=3000), HEADER_TEXT, st.booleans())
@example(b"--b\r\nContent-Disposition: form-data; name=\"content\"; filename=\"x\"\r\n\r\n", "b",
         True)  # fmt: skip
def test_any_raw_body_is_answered_cleanly(
    registry: Registry, body: bytes, boundary: str, declare_length: bool
) -> None:
    headers = {**registry.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    if not declare_length:
        headers["Content-Type"] = "multipart/form-data"
    before = registry.state()
    reply = registry.client.post("/team/", data=body, headers=headers)
    registry.check(reply, before)
