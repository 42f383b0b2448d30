"""The fast path (registry/web/hot_path.py) through the real app on SQLite: a repeated page or
file request is answered without the database, and stops being answered so as soon as a
write commits on this host, from any process (another session factory on the same
generation file stands in for the CLI), and at the latest after ``hot_path_seconds`` for
writes it cannot see (another host)."""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event

from registry.config import Settings
from registry.core.model import Actor
from registry.db.catalog import SqlCatalog
from registry.db.generation import Generation
from registry.db.session import make_engine, migrate, session_factory
from registry.services.admin import create_repository, issue_token, revoke_token, set_yanked
from registry.web import hot_path
from registry.web.app import create_app
from tests.support.postgres import postgres_database

REPO = "hot"
PAGE = f"/{REPO}/simple/hot-lib/"
JSON = "application/vnd.pypi.simple.v1+json"


@functools.cache  # the same bytes every time (a zip records when it was written)
def _wheel(version: str) -> tuple[str, bytes]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            f"hot_lib-{version}.dist-info/METADATA",
            f"Metadata-Version: 2.1\nName: hot-lib\nVersion: {version}\n\n",
        )
    return f"hot_lib-{version}-py3-none-any.whl", buf.getvalue()


@dataclass
class Stack:
    app: Flask
    client: FlaskClient
    engine: Engine
    settings: Settings
    tokens: dict[str, str]
    token_ids: dict[str, int]
    statements: list[str]

    def auth(self, name: str = "read") -> dict[str, str]:
        raw = base64.b64encode(f"__token__:{self.tokens[name]}".encode()).decode()
        return {"Authorization": f"Basic {raw}"}

    def get(self, path: str, token: str = "read", **headers: str) -> Any:
        self.statements.clear()
        return self.client.get(path, headers={**self.auth(token), **headers})

    def other_process(self) -> SqlCatalog:
        """A session as the CLI opens it: its own engine and its own map of the counter."""
        engine = make_engine(self.settings.resolved_database_url)
        return SqlCatalog(session_factory(engine, Generation(self.settings.generation_file))())

    def upload(self, version: str) -> None:
        filename, content = _wheel(version)
        reply = self.client.post(
            f"/{REPO}/",
            data={
                ":action": "file_upload", "protocol_version": "1", "name": "hot-lib",
                "version": version, "sha256_digest": hashlib.sha256(content).hexdigest(),
                "content": (io.BytesIO(content), filename),
            },
            headers=self.auth("publish"),
        )  # fmt: skip
        assert reply.status_code == 200, reply.get_data(as_text=True)


@pytest.fixture()
def stack(tmp_path: Path) -> Iterator[Stack]:
    yield from _stack(Settings(data_dir=tmp_path))


@pytest.fixture()
def shared_database_stack(tmp_path: Path) -> Iterator[Stack]:
    """On PostgreSQL, a database other hosts may write too."""
    with postgres_database("codeyard_hot_") as url:
        yield from _stack(Settings(data_dir=tmp_path, database_url=url))


def _stack(settings: Settings) -> Iterator[Stack]:
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    tokens, ids = {}, {}
    with session_factory(engine)() as session:
        catalog = SqlCatalog(session)
        create_repository(catalog, REPO, False, Actor.cli())
        for name, scope in (("read", "read"), ("other-read", "read"), ("publish", "publish")):
            issued = issue_token(catalog, REPO, scope, "1d", Actor.cli())
            tokens[name], ids[name] = issued.token, issued.record.id
        session.commit()
    app = create_app(settings, engine=engine)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    stack = Stack(app, app.test_client(), engine, settings, tokens, ids, statements)
    stack.upload("1.0")
    yield stack
    engine.dispose()


def _without_request_id(headers: Any) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k != "X-Request-ID"}


@pytest.mark.parametrize("accept", ["text/html", JSON])
def test_a_repeated_page_request_costs_no_query_and_gets_the_same_answer(
    stack: Stack, accept: str, caplog: pytest.LogCaptureFixture
) -> None:
    first = stack.get(PAGE, Accept=accept)
    assert first.status_code == 200 and stack.statements  # the access check, the serials
    caplog.set_level(logging.INFO, logger="registry.access")
    second = stack.get(PAGE, Accept=accept, **{"X-Request-ID": "hot-1"})
    assert second.status_code == 200
    assert stack.statements == []
    assert second.data == first.data
    assert _without_request_id(second.headers) == _without_request_id(first.headers)
    assert second.headers["X-Request-ID"] == "hot-1"
    access = [r for r in caplog.records if r.name == "registry.access"]
    assert [r.request_id for r in access] == ["hot-1"]  # type: ignore[attr-defined]
    assert access[0].fields["route"] == "/<repo>/simple/<project>/"  # type: ignore[attr-defined]
    # Revalidation and HEAD from the same remembered answer, as Flask gives them.
    etag = first.headers["ETag"]
    again = stack.get(PAGE, Accept=accept, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and stack.statements == []
    assert again.headers["ETag"] == etag and "Content-Type" not in again.headers
    head = stack.client.head(PAGE, headers={**stack.auth(), "Accept": accept})
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == first.headers["Content-Length"]


def test_the_answer_is_remembered_per_credential(stack: Stack) -> None:
    stack.get(PAGE)
    assert stack.get(PAGE, token="other-read").status_code == 200
    assert stack.statements  # another token: its own access check
    assert stack.client.get(PAGE).status_code == 401  # no token: never the remembered 200


def test_a_publish_is_seen_by_the_next_request(stack: Stack) -> None:
    assert "hot_lib-1.1-py3-none-any.whl" not in stack.get(PAGE).get_data(as_text=True)
    stack.get(PAGE)
    stack.upload("1.1")
    assert "hot_lib-1.1-py3-none-any.whl" in stack.get(PAGE).get_data(as_text=True)


def test_a_yank_by_another_process_is_seen_by_the_next_request(stack: Stack) -> None:
    stack.get(PAGE, Accept=JSON)
    assert stack.get(PAGE, Accept=JSON).json["files"][0]["yanked"] is False
    catalog = stack.other_process()
    set_yanked(catalog, REPO, "hot-lib", "1.0", True, Actor.cli(), reason="broken")
    catalog.session.commit()
    catalog.session.close()
    assert stack.get(PAGE, Accept=JSON).json["files"][0]["yanked"] == "broken"


def test_a_token_revoked_by_another_process_stops_working_at_once(stack: Stack) -> None:
    page = stack.get(PAGE)
    url = re.search(r'href="([^"#]+)', page.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    for path in (PAGE, url, PAGE, url):
        assert stack.get(path).status_code == 200
    catalog = stack.other_process()
    revoke_token(catalog, stack.token_ids["read"], Actor.cli())
    catalog.session.commit()
    catalog.session.close()
    assert stack.get(PAGE).status_code == 401
    assert stack.get(url).status_code == 401


def test_writes_it_cannot_see_are_seen_within_the_bound(
    shared_database_stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another host's write does not move this host's counter: the bound is hot_path_seconds."""
    stack = shared_database_stack
    assert stack.get(PAGE).status_code == 200
    assert stack.get(PAGE).status_code == 200 and stack.statements == []
    with session_factory(stack.engine)() as session:  # untracked, as on another host
        revoke_token(SqlCatalog(session), stack.token_ids["read"], Actor.cli())
        session.commit()
    later = hot_path.time.monotonic() + stack.settings.hot_path_seconds + 0.01
    monkeypatch.setattr(hot_path.time, "monotonic", lambda: later)
    assert stack.get(PAGE).status_code == 401


def test_on_sqlite_an_answer_lasts_until_a_write_or_the_tokens_expiry(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite has no other host: time alone does not end an answer, the token's expiry does
    (the fixture's tokens expire after a day)."""
    assert stack.get(PAGE).status_code == 200 and stack.statements
    now = hot_path.time.monotonic()
    monkeypatch.setattr(hot_path.time, "monotonic", lambda: now + 3600)
    assert stack.get(PAGE).status_code == 200 and stack.statements == []
    monkeypatch.setattr(hot_path.time, "monotonic", lambda: now + 86_400 + 1)
    assert stack.get(PAGE).status_code == 200 and stack.statements  # asked the database again


def test_a_repeated_file_download_costs_no_query(stack: Stack) -> None:
    page = stack.get(PAGE, Accept=JSON).json
    url = page["files"][0]["url"]
    first = stack.get(url)
    assert first.status_code == 200 and stack.statements
    second = stack.get(url)
    assert second.status_code == 200 and stack.statements == []
    assert second.data == first.data == _wheel("1.0")[1]
    assert _without_request_id(second.headers) == _without_request_id(first.headers)
    metadata = stack.get(url + ".metadata")
    assert metadata.status_code == 200 and b"Name: hot-lib" in metadata.data
    ranged = stack.get(url, Range="bytes=0-3")  # not the fast path's: Flask answers it
    assert ranged.status_code == 206 and ranged.data == first.data[:4]
    assert stack.get(url, **{"If-None-Match": first.headers["ETag"]}).status_code == 304
