"""SharingService over the real catalog (SQLite, and PostgreSQL when reachable; migrated by
alembic, 0001 + 0002) and a local blob store; the external index is scripted."""

import contextlib
import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest

from registry.core.errors import FileConflict, InvalidArgument, NotFound, PermissionDenied
from registry.core.model import Actor, NewFile, blob_key
from registry.core.upstreams import OriginControl, Permission, UpstreamCycleError
from registry.db.catalog import SqlCatalog
from registry.db.session import make_engine, migrate, session_factory
from registry.db.sharing import SqlSharing
from registry.services.events import EventDispatcher, MemoryRecorder
from registry.services.external import (
    ExternalIndex,
    HttpResponse,
    MemoryPageCache,
    RemoteUnavailable,
    ThreadKeyedLock,
)
from registry.services.sharing import SharingService
from registry.services.upstream_resolution import UNLISTED_REASON
from registry.storage.local import LocalBlobStore
from tests.support.postgres import postgres_database

CLI = Actor.cli()
JSON_TYPE = "application/vnd.pypi.simple.v1+json"


def wheel(name, version, requires=(), salt=""):
    buf = io.BytesIO()
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: s {version}\n"
    meta += "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{name.replace('-', '_')}/__init__.py", version + salt)
        zf.writestr(f"{name.replace('-', '_')}-{version}.dist-info/METADATA", meta)
    return buf.getvalue(), meta.encode()


class Remote:
    """A scripted external index serving one project's wheels."""

    def __init__(self):
        self.up = True
        self.files = {}
        self.downloads = 0

    def add(self, name, version):
        data, _meta = wheel(name, version)
        filename = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
        self.files[filename] = data

    def get(self, url, headers):
        if not self.up:
            raise RemoteUnavailable(f"cannot reach {url}: refused")
        files = [
            {"filename": f, "url": f"/dl/{f}", "hashes": {"sha256": hashlib.sha256(d).hexdigest()}}
            for f, d in self.files.items()
        ]
        body = json.dumps({"meta": {"api-version": "1.1"}, "name": "x", "files": files}).encode()
        return HttpResponse(200, {"content-type": JSON_TYPE}, body, url)

    @contextlib.contextmanager
    def stream(self, url):
        if not self.up:
            raise RemoteUnavailable("refused")
        self.downloads += 1
        yield [self.files[url.rsplit("/", 1)[1]]]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    with postgres_database("codeyard_sharing_") as url:
        yield url


@pytest.fixture
def env(tmp_path, database_url):
    engine = make_engine(database_url)
    migrate(engine)
    sessions = session_factory(engine)
    blobs = LocalBlobStore(tmp_path / "blobs")
    remote = Remote()
    clock = [1000.0]
    external = ExternalIndex(
        remote,
        MemoryPageCache(),
        ThreadKeyedLock(),
        ttl=60,
        clock=lambda: clock[0],
        tmp_dir=tmp_path,
    )
    recorder = MemoryRecorder()

    class Sender:
        def __init__(self):
            self.posts = []

        def post(self, url, body, headers):
            self.posts.append((url, json.loads(body), headers))
            return 200

    sender = Sender()
    dispatcher = EventDispatcher(sender, recorder, sleep=lambda _: None)

    @contextlib.contextmanager
    def unit():
        session = sessions()
        try:
            yield SqlCatalog(session), SqlSharing(session)
        finally:
            session.close()

    session = sessions()
    catalog = SqlCatalog(session)
    svc = SharingService(catalog, SqlSharing(session), blobs, external, dispatcher, unit)
    for name in ("app", "team", "internal", "public"):
        catalog.create_repository(name, public_read=False)
    catalog.commit()

    class Env:
        pass

    e = Env()
    e.svc, e.catalog, e.blobs, e.remote, e.clock = svc, catalog, blobs, remote, clock
    e.sender, e.dispatcher, e.recorder = sender, dispatcher, recorder
    yield e
    dispatcher.shutdown()
    session.close()
    engine.dispose()


def publish(env, repo, name, version, requires=()):
    data, meta = wheel(name, version, requires, salt=repo)
    sha = hashlib.sha256(data).hexdigest()
    env.blobs.put(blob_key(sha), io.BytesIO(data))
    msha = hashlib.sha256(meta).hexdigest()
    env.blobs.put(blob_key(msha), io.BytesIO(meta))
    record = env.catalog.add_file(
        repo,
        NewFile(
            project_name=name,
            version=version,
            filename=f"{name.replace('-', '_')}-{version}-py3-none-any.whl",
            kind="bdist_wheel",
            sha256=sha,
            blake2_256="b" * 64,
            md5="m" * 32,
            size=len(data),
            requires_python=None,
            summary=None,
            blob_key=blob_key(sha),
            metadata_sha256=msha,
            metadata_blob_key=blob_key(msha),
        ),
    )
    env.catalog.commit()
    env.svc.after_publish(record, created=True)
    return record


def versions(shared):
    return sorted((f.version, f.repository) for f in shared.files)


def test_three_repository_chain_merges_nearest_first_and_refuses_cycles(env):
    svc = env.svc
    assert svc.add_upstream("app", "team", CLI) == ["team"]
    svc.add_upstream("team", "internal", CLI)
    publish(env, "internal", "lib", "1.0")
    publish(env, "internal", "lib", "2.0")
    publish(env, "team", "other", "1.0")
    assert versions(svc.resolve_project("app", "lib")) == [("1.0", "internal"), ("2.0", "internal")]
    assert svc.list_project_names("app") == ["lib", "other"]
    shared = svc.resolve_project("app", "lib")
    record = svc.find_served_file("app", shared.files[0].sha256, shared.files[0].filename)
    assert record.repository == "internal"
    with pytest.raises(UpstreamCycleError, match="internal -> app -> team -> internal"):
        svc.add_upstream("internal", "app", CLI)
    with pytest.raises(NotFound):
        svc.add_upstream("app", "nope", CLI)


def test_first_publish_blocks_upstreams_unless_an_admin_allows_them(env):
    svc = env.svc
    svc.add_upstream("app", "team", CLI)
    publish(env, "team", "lib", "1.0")
    publish(env, "team", "lib", "2.0")
    mine = publish(env, "app", "lib", "2.0")  # same filename, other bytes
    assert svc.store.origin_control("app", "lib").upstream is Permission.BLOCK
    assert versions(svc.resolve_project("app", "lib")) == [("2.0", "app")]
    svc.set_origin("app", "lib", CLI, upstream=Permission.ALLOW)
    shared = svc.resolve_project("app", "lib")
    assert versions(shared) == [("1.0", "team"), ("2.0", "app")]  # nearest wins per filename
    assert [f.sha256 for f in shared.files if f.version == "2.0"] == [mine.sha256]


def test_external_files_listed_downloaded_once_and_publish_then_blocked(env):
    svc = env.svc
    svc.set_external("public", "https://pypi.example/simple/", 60, CLI)
    svc.add_upstream("app", "public", CLI)
    env.remote.add("requests", "2.0")
    shared = svc.resolve_project("app", "requests")
    (listed,) = shared.files
    assert shared.sources[listed.filename] == "public (external)" and listed.blob_key == ""
    stored = svc.find_served_file("app", listed.sha256, listed.filename)
    again = svc.find_served_file("app", listed.sha256, listed.filename)
    assert env.remote.downloads == 1 and stored.id == again.id and stored.repository == "public"
    assert env.blobs.get(stored.blob_key) == env.remote.files[listed.filename]
    assert svc.store.file_origins("public", "requests") == {listed.filename: "external"}
    assert svc.store.origin_control("public", "requests") == OriginControl(
        Permission.BLOCK, Permission.ALLOW
    )
    with pytest.raises(PermissionDenied, match="--publish allow"):
        svc.check_publish("public", "Requests")
    svc.check_publish("app", "requests")  # only the repository it arrived in is blocked


def test_dependency_confusion_internal_package_never_merged_with_public(env):
    svc = env.svc
    svc.set_external("internal", "https://pypi.example/simple/", 60, CLI)
    svc.add_upstream("app", "internal", CLI)
    publish(env, "internal", "acme-utils", "1.0")
    env.remote.add("acme-utils", "99.0")
    assert svc.store.origin_control("internal", "acme-utils").upstream is Permission.BLOCK
    assert versions(svc.resolve_project("app", "acme-utils")) == [("1.0", "internal")]
    assert versions(svc.resolve_project("internal", "acme-utils")) == [("1.0", "internal")]
    # An admin may open it up deliberately, and the audit log says who did.
    svc.set_origin("internal", "acme-utils", CLI, upstream=Permission.ALLOW)
    assert [v for v, _ in versions(svc.resolve_project("app", "acme-utils"))] == ["1.0", "99.0"]


def test_remote_down_serves_stale_page_and_uncached_is_unavailable(env):
    svc = env.svc
    svc.set_external("public", "https://pypi.example/simple/", 60, CLI)
    env.remote.add("requests", "2.0")
    svc.resolve_project("public", "requests")
    env.remote.up = False
    env.clock[0] += 3600
    shared = svc.resolve_project("public", "requests")
    assert shared.stale and "refused" in shared.stale_reason and len(shared.files) == 1
    with pytest.raises(RemoteUnavailable, match="external connection failed"):
        svc.resolve_project("public", "never-seen")
    with pytest.raises(RemoteUnavailable, match="not cached here"):
        svc.find_served_file("public", shared.files[0].sha256, shared.files[0].filename)


def test_copy_is_byte_identical_and_refuses_to_overwrite(env):
    svc = env.svc
    src = publish(env, "team", "lib", "1.0")
    copied = svc.copy_versions("team", "app", "lib", ["1.0"], CLI)
    assert [c.blob_key for c in copied] == [src.blob_key]
    assert copied[0].metadata_sha256 == src.metadata_sha256
    assert svc.store.file_origins("app", "lib") == {src.filename: "copy"}
    assert svc.copy_versions("team", "app", "lib", ["1.0"], CLI) == []  # identical: no-op
    with pytest.raises(NotFound, match=r"lib 9\.0"):
        svc.copy_versions("team", "app", "lib", ["9.0"], CLI)
    with pytest.raises(InvalidArgument, match="two different"):
        svc.copy_versions("team", "team", "lib", ["1.0"], CLI)


def test_copy_conflict_leaves_no_partial_state(env):
    svc = env.svc
    publish(env, "team", "lib", "1.0")
    publish(env, "team", "lib", "2.0")
    # The target already holds 2.0's filename with other bytes.
    data = b"other bytes"
    sha = hashlib.sha256(data).hexdigest()
    env.blobs.put(blob_key(sha), io.BytesIO(data))
    env.catalog.add_file(
        "app",
        NewFile(
            "lib",
            "2.0",
            "lib-2.0-py3-none-any.whl",
            "bdist_wheel",
            sha,
            "b" * 64,
            "m" * 32,
            len(data),
            None,
            None,
            blob_key(sha),
        ),
    )
    env.catalog.commit()
    with pytest.raises(FileConflict, match="never overwrites"):
        svc.copy_versions("team", "app", "lib", ["1.0", "2.0"], CLI)
    assert env.catalog.find_file("app", "lib-1.0-py3-none-any.whl") is None


def test_statuses_shape_what_is_served(env):
    svc = env.svc
    one = publish(env, "app", "lib", "1.0")
    publish(env, "app", "lib", "2.0")
    svc.set_status("app", "lib", "2.0", "unlisted", CLI)
    files = {f.version: f for f in svc.resolve_project("app", "lib").files}
    assert files["2.0"].yanked and files["2.0"].yanked_reason == UNLISTED_REASON
    assert not files["1.0"].yanked
    svc.set_status("app", "lib", "2.0", "archived", CLI)
    assert versions(svc.resolve_project("app", "lib")) == [("1.0", "app")]
    with pytest.raises(NotFound, match="archived"):
        svc.find_served_file("app", files["2.0"].sha256, files["2.0"].filename)
    # Disposing deletes bytes no other file uses, keeps the row (name + hashes).
    svc.copy_versions("app", "team", "lib", ["1.0"], CLI)
    svc.set_status("app", "lib", "1.0", "disposed", CLI)
    assert env.blobs.exists(one.blob_key)  # still used by team's copy
    svc.set_status("app", "lib", "2.0", "disposed", CLI)
    assert not env.blobs.exists(files["2.0"].blob_key)
    assert env.catalog.find_file("app", files["2.0"].filename).sha256 == files["2.0"].sha256
    with pytest.raises(InvalidArgument, match="cannot change status again"):
        svc.set_status("app", "lib", "2.0", "published", CLI)
    with pytest.raises(InvalidArgument, match="status must be one of"):
        svc.set_status("app", "lib", "1.0", "gone", CLI)


def test_delete_release_removes_rows_and_unused_blobs(env):
    svc = env.svc
    record = publish(env, "app", "lib", "1.0")
    assert svc.delete_release("app", "lib", "1.0", CLI) == 1
    assert env.catalog.find_file("app", record.filename) is None
    assert env.catalog.get_project("app", "lib") is None
    assert not env.blobs.exists(record.blob_key)


def test_pypi_json_reads_requires_dist_and_hides_unlisted(env):
    svc = env.svc
    publish(env, "app", "lib", "1.0", requires=["requests>=2", "idna; extra == 'x'"])
    publish(env, "app", "lib", "2.0")
    svc.set_status("app", "lib", "2.0", "unlisted", CLI)

    def url(f):
        return f"/app/files/{f.sha256}/{f.filename}"

    doc = svc.pypi_json("app", "Lib", url, "http://h/app/pypi/lib/")
    assert doc["info"]["version"] == "1.0" and list(doc["releases"]) == ["1.0"]
    assert doc["info"]["requires_dist"] == ["requests>=2", "idna; extra == 'x'"]
    assert doc["info"]["summary"] == "s 1.0"
    pinned = svc.pypi_json("app", "lib", url, "http://h/app/pypi/lib/", version="2.0")
    assert pinned["info"]["version"] == "2.0"


def test_events_and_audit_for_copy_and_status(env):
    svc = env.svc
    hook = svc.add_webhook("app", "http://hooks.example/x", "0123456789abcdef", CLI)
    publish(env, "team", "lib", "1.0")
    svc.copy_versions("team", "app", "lib", ["1.0"], CLI)
    svc.set_status("app", "lib", "1.0", "unlisted", CLI)
    env.dispatcher.shutdown()
    types = sorted(p[1]["type"] for p in env.sender.posts)
    assert types == ["package_version.copied", "package_version.status_changed"]
    assert all(a.webhook_id == hook.id and a.delivered for a in env.recorder.attempts)
    with pytest.raises(InvalidArgument, match="16 characters"):
        svc.add_webhook("app", "http://hooks.example/x", "short", CLI)
    from sqlalchemy import select

    from registry.db.models import AuditEventRow

    rows = env.catalog.session.scalars(select(AuditEventRow).order_by(AuditEventRow.id)).all()
    status = next(r for r in rows if r.action == "release.status")
    assert status.details == {"before": "published", "after": "unlisted"}
    assert status.actor_label == "cli" and status.occurred_at <= datetime.now(UTC)


def test_retained_download_losing_a_cross_host_race_serves_the_winner(env, tmp_path):
    """Two hosts share the database but not the lock: the loser's row insert conflicts and
    it serves the winner's identical row."""
    from registry.services.external_connection import ExternalSink

    svc = env.svc
    svc.set_external("public", "https://pypi.example/simple/", 60, CLI)
    env.remote.add("requests", "2.0")
    (listed,) = svc.resolve_project("public", "requests").files
    winner = svc.find_served_file("public", listed.sha256, listed.filename)
    remote = env.svc.remote_file("public", listed.filename)
    path = tmp_path / "download.part"
    path.write_bytes(env.remote.files[listed.filename])
    sink = ExternalSink(svc.open_unit, env.blobs, "public", "requests")
    assert sink.store(remote, path, listed.sha256, path.stat().st_size).id == winner.id
