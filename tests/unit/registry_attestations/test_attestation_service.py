"""Attestations and review policies through SharingService over the real catalog
(SQLite, and PostgreSQL when reachable; migrated by alembic through 0004) and a local blob
store: recording, immutability, where a subject may live, policy checks on copy, publish
and what the index lists, and the audit trail of every decision."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import zipfile

import pytest

from registry.core.archive import ArchiveLimits
from registry.core.errors import (
    AttestationRejected,
    InvalidAttestation,
    NotFound,
    PolicyRefused,
)
from registry.core.model import Actor, NewFile, blob_key
from registry.core.upload import UploadForm
from registry.db import serials
from registry.db.attestations import SqlAttestations
from registry.db.catalog import SqlCatalog
from registry.db.session import make_engine, migrate, session_factory
from registry.db.sharing import SqlSharing
from registry.services.attestation_keys import Ed25519Keyring
from registry.services.external import (
    ExternalIndex,
    HttpResponse,
    MemoryPageCache,
    ThreadKeyedLock,
)
from registry.services.publish import UploadLimits, publish_file
from registry.services.sharing import SharingService
from registry.storage.local import LocalBlobStore
from tests.support.attestations import Signer
from tests.support.postgres import postgres_database

CLI = Actor.cli()
BOT = Actor(7, "token 7", "10.0.0.7")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    with postgres_database("codeyard_attest_") as url:
        yield url


class Remote:
    """A scripted external index (PEP 691 JSON) serving wheels."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def get(self, url, headers):
        files = [
            {"filename": f, "url": f"/dl/{f}", "hashes": {"sha256": hashlib.sha256(d).hexdigest()}}
            for f, d in self.files.items()
        ]
        body = json.dumps({"meta": {"api-version": "1.1"}, "name": "x", "files": files}).encode()
        return HttpResponse(200, {"content-type": "application/vnd.pypi.simple.v1+json"}, body, url)

    @contextlib.contextmanager
    def stream(self, url):
        yield [self.files[url.rsplit("/", 1)[1]]]


class Env:
    def __init__(self, tmp_path, database_url):
        self.tmp_path = tmp_path
        self.engine = make_engine(database_url)
        migrate(self.engine)
        self.session = session_factory(self.engine)()
        self.catalog = SqlCatalog(self.session)
        self.blobs = LocalBlobStore(tmp_path / "blobs")
        self.signer = Signer.generate()
        self.keyring = Ed25519Keyring.from_pem([("bot.pem", self.signer.public_pem)])
        self.svc = self.service(self.keyring)
        for name in ("staging", "release", "other"):
            self.catalog.create_repository(name, public_read=False)
        self.catalog.commit()

    def service(self, keyring, external=None):
        @contextlib.contextmanager
        def unit():
            session = session_factory(self.engine)()
            try:
                yield SqlCatalog(session), SqlSharing(session)
            finally:
                session.close()

        return SharingService(
            self.catalog, SqlSharing(self.session), self.blobs, external=external,
            open_unit=unit, attestations=SqlAttestations(self.session), verifier=keyring,
        )  # fmt: skip

    def wheel(self, name, version, salt=""):
        buf = io.BytesIO()
        meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(f"{name}/__init__.py", salt)
            zf.writestr(f"{name}-{version}.dist-info/METADATA", meta)
        return f"{name}-{version}-py3-none-any.whl", buf.getvalue()

    def add(self, repo, name, version, salt=""):
        filename, data = self.wheel(name, version, salt)
        sha = hashlib.sha256(data).hexdigest()
        self.blobs.put(blob_key(sha), io.BytesIO(data))
        record = self.catalog.add_file(
            repo,
            NewFile(name, version, filename, "bdist_wheel", sha, "b" * 64, "m" * 32, len(data),
                    None, None, blob_key(sha)),
        )  # fmt: skip
        self.catalog.commit()
        return record, data

    def attest(self, repo, record, data, signer=None, **review):
        envelope = (signer or self.signer).attest(record.filename, data, **review)
        return self.svc.record_attestation(repo, json.dumps(envelope).encode(), BOT)

    def audit(self, repo, action=None):
        rows = self.svc.store.audit(repo)
        return [r for r in rows if action is None or r["action"] == action]

    def close(self):
        self.session.close()
        self.engine.dispose()


@pytest.fixture
def env(tmp_path, database_url):
    e = Env(tmp_path, database_url)
    yield e
    e.close()


def test_recorded_attestations_are_kept_side_by_side_and_audited(env):
    record, data = env.add("staging", "acme", "1.0")
    first = env.attest("staging", record, data, result="fail")
    second = env.attest("staging", record, data)
    assert (first.verdict, second.verdict) == ("fail", "pass")
    stored = env.svc.list_attestations("staging", record.sha256)
    assert [a.id for a in stored] == [first.record.id, second.record.id]
    assert json.loads(stored[0].statement)["predicate"]["verdict"]["result"] == "fail"
    assert json.loads(stored[0].envelope)["signatures"][0]["keyid"] == env.signer.keyid
    audited = env.audit("staging", "attestation.record")
    assert [a["details"]["verdict"] for a in audited] == ["fail", "pass"]
    assert audited[0]["actor"] == "token 7" and audited[0]["subject"] == record.filename


def test_a_forged_attestation_stores_nothing(env):
    record, data = env.add("staging", "acme", "1.0")
    with pytest.raises(AttestationRejected, match="unknown key"):
        env.attest("staging", record, data, signer=Signer.generate())
    forged = Signer.generate().envelope(
        json.loads(json.dumps(_statement(record, data))), keyid=env.signer.keyid
    )
    with pytest.raises(AttestationRejected, match="does not verify"):
        env.svc.record_attestation("staging", json.dumps(forged).encode(), BOT)
    with pytest.raises(NotFound, match="no attestations"):
        env.svc.list_attestations("staging", record.sha256)


def _statement(record, data):
    from tests.support.attestations import statement

    return statement(record.filename, hashlib.sha256(data).hexdigest())


def test_the_subject_must_be_a_file_of_the_repository_or_its_upstreams(env):
    record, data = env.add("other", "acme", "1.0")
    with pytest.raises(AttestationRejected, match=f"no file with sha256 {record.sha256} is in"):
        env.attest("staging", record, data)
    env.svc.add_upstream("staging", "other", CLI)
    assert env.attest("staging", record, data).file.repository == "other"
    wrong_name = env.signer.envelope(
        {**_statement(record, data),
         "subject": [{"name": "acme-1.0.tar.gz", "digest": {"sha256": record.sha256}}]}
    )  # fmt: skip
    with pytest.raises(AttestationRejected, match=r"does not match the file.*acme-1\.0-py3"):
        env.svc.record_attestation("staging", json.dumps(wrong_name).encode(), BOT)
    with pytest.raises(InvalidAttestation):
        env.svc.record_attestation("staging", b"{}", BOT)


def test_copy_into_a_policy_repository_is_all_or_nothing_and_every_decision_audited(env):
    good, good_data = env.add("staging", "acme", "1.0")
    bad, _ = env.add("staging", "acme", "2.0")
    risky, risky_data = env.add("staging", "acme", "3.0")
    env.attest("staging", good, good_data)
    env.attest("staging", risky, risky_data, risk=0.9)
    env.svc.set_review_policy("release", "max-risk=0.6", CLI)
    with pytest.raises(PolicyRefused) as refused:
        env.svc.copy_versions("staging", "release", "acme", ["1.0", "2.0", "3.0"], CLI)
    message = refused.value.message
    assert f"{bad.filename}: no verified review attestation" in message
    assert f"{risky.filename}: risk score 0.9 is above 0.6" in message
    assert good.filename not in message
    assert env.catalog.project_files("release", "acme") == []  # nothing partially copied
    decisions = {(a["action"], a["subject"]) for a in env.audit("release")}
    assert ("review_policy.allow", good.filename) in decisions
    assert ("review_policy.refuse", bad.filename) in decisions
    assert ("review_policy.refuse", risky.filename) in decisions
    copied = env.svc.copy_versions("staging", "release", "acme", ["1.0"], CLI)
    assert [c.filename for c in copied] == [good.filename]


def test_a_policy_change_leaves_existing_files_alone(env):
    env.add("release", "acme", "1.0")
    env.svc.set_review_policy("release", "pass", CLI)
    served = env.svc.resolve_project("release", "acme")
    assert [f.version for f in served.files] == ["1.0"]
    change = env.audit("release", "repository.review_policy")
    assert change[-1]["details"] == {"before": None, "after": "pass"}


def test_publishing_into_a_policy_repository_needs_a_review_of_the_same_bytes(env):
    env.svc.set_review_policy("release", "no-critical", CLI)
    filename, data = env.wheel("acme", "1.0")
    form = UploadForm(
        action="file_upload", protocol_version="1", filename=filename, filetype="bdist_wheel",
        sha256_digest=hashlib.sha256(data).hexdigest(), blake2_256_digest=None,
        md5_digest=None,
        fields={"name": ["acme"], "version": ["1.0"], "metadata_version": ["2.1"],
                "pyversion": ["py3"]},
    )  # fmt: skip
    limits = UploadLimits(1 << 20, ArchiveLimits(1 << 24, 200))

    def publish():
        return publish_file(
            env.catalog, env.blobs, "release", form, io.BytesIO(data), limits, BOT,
            review_check=lambda name, sha: env.svc.enforce_review_policy(
                "release", [(name, sha)], BOT, "publish"),
        )  # fmt: skip

    with pytest.raises(PolicyRefused, match=f"{filename}: no verified review"):
        publish()
    assert env.catalog.find_file("release", filename) is None
    assert env.audit("release", "review_policy.refuse")[-1]["details"]["via"] == "publish"
    staged, staged_data = env.add("staging", "acme", "1.0")
    assert staged_data == data
    env.attest("staging", staged, data, critical=2)
    with pytest.raises(PolicyRefused, match="2 critical"):
        publish()
    env.attest("staging", staged, data)  # a later, clean review of the same bytes
    assert publish().created


def test_the_index_lists_only_upstream_files_that_meet_the_policy(env):
    env.svc.add_upstream("release", "staging", CLI)
    reviewed, reviewed_data = env.add("staging", "acme", "1.0")
    env.add("staging", "acme", "2.0")
    failed, failed_data = env.add("staging", "acme", "3.0")
    env.attest("staging", reviewed, reviewed_data)
    env.attest("staging", failed, failed_data, result="fail")
    every = {f.version for f in env.svc.resolve_project("release", "acme").files}
    assert every == {"1.0", "2.0", "3.0"}
    key = serials.project_page_key(env.session, "acme")
    env.svc.set_review_policy("release", "pass", CLI)
    assert serials.project_page_key(env.session, "acme") != key  # cached pages are stale
    assert [f.version for f in env.svc.resolve_project("release", "acme").files] == ["1.0"]
    assert {f.version for f in env.svc.resolve_project("staging", "acme").files} == every
    env.svc.find_served_file("release", reviewed.sha256, reviewed.filename)
    with pytest.raises(NotFound, match="does not meet its review policy"):
        env.svc.find_served_file("release", failed.sha256, failed.filename)
    key = serials.project_page_key(env.session, "acme")
    env.attest("staging", failed, failed_data)  # re-reviewed: now it passes
    assert serials.project_page_key(env.session, "acme") != key
    assert {f.version for f in env.svc.resolve_project("release", "acme").files} == {"1.0", "3.0"}


def test_removing_a_key_from_the_configuration_revokes_its_reviews(env):
    env.svc.add_upstream("release", "staging", CLI)
    record, data = env.add("staging", "acme", "1.0")
    env.attest("staging", record, data)
    env.svc.set_review_policy("release", "pass", CLI)
    assert len(env.svc.resolve_project("release", "acme").files) == 1
    rotated = env.service(Ed25519Keyring.from_pem([("new.pem", Signer.generate().public_pem)]))
    with pytest.raises(NotFound):
        rotated.resolve_project("release", "acme")
    assert rotated.trusted(env.signer.keyid) is False


def test_attestation_summaries_count_and_give_the_latest_verdict(env):
    record, data = env.add("staging", "acme", "1.0")
    assert env.svc.attestation_summaries([record.sha256]) == {}
    env.attest("staging", record, data)
    env.attest("staging", record, data, result="fail")
    assert env.svc.attestation_summaries([record.sha256]) == {
        record.sha256: {"count": 2, "latest_verdict": "fail"}
    }


def test_external_files_are_listed_under_a_policy_only_once_cached_and_reviewed(env):
    remote = Remote()
    env.svc = env.service(
        env.keyring, ExternalIndex(remote, MemoryPageCache(), ThreadKeyedLock(), ttl=60,
                                   tmp_dir=env.tmp_path),
    )  # fmt: skip
    env.svc.set_external("staging", "https://pypi.example/simple/", 60, CLI)
    for version in ("1.0", "2.0"):
        filename, data = env.wheel("requests", version)
        remote.files[filename] = data
    listed = {f.version: f for f in env.svc.resolve_project("staging", "requests").files}
    cached = env.svc.find_served_file("staging", listed["1.0"].sha256, listed["1.0"].filename)
    env.attest("staging", cached, remote.files[cached.filename])  # reviewed once it is held
    env.svc.set_review_policy("staging", "pass", CLI)
    served = env.svc.resolve_project("staging", "requests").files
    assert [f.version for f in served] == ["1.0"]
    with pytest.raises(NotFound, match="does not meet its review policy"):
        env.svc.find_served_file("staging", listed["2.0"].sha256, listed["2.0"].filename)


def test_a_recorded_attestation_notifies_the_repositorys_webhooks(env):
    from registry.services.events import EventDispatcher, MemoryRecorder

    posts = []

    class Sender:
        def post(self, url, body, headers):
            posts.append((url, json.loads(body), headers))
            return 200

    dispatcher = EventDispatcher(Sender(), MemoryRecorder(), sleep=lambda _s: None)
    env.svc.dispatcher = dispatcher
    env.svc.add_webhook("staging", "https://hooks.example/r", "s" * 16, CLI)
    record, data = env.add("staging", "acme", "1.0")
    recorded = env.attest("staging", record, data, result="fail")
    dispatcher.shutdown(wait=True)
    ((url, event, headers),) = posts
    assert url == "https://hooks.example/r"
    assert headers["X-Registry-Event"] == "package_version.attested"
    assert event["package"] == {"format": "pypi", "name": "acme", "version": "1.0"}
    assert event["data"] == {
        "filename": record.filename, "sha256": record.sha256,
        "attestation_id": recorded.record.id, "keyid": env.signer.keyid, "verdict": "fail",
    }  # fmt: skip
