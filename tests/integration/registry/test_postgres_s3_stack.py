"""The whole registry on PostgreSQL + S3: CLI provisioning, upload, pages, downloads, check."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

REGISTRY = str(Path(sys.executable).parent / "registry")
AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def wheel(version: str, extra: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("cy_pg/__init__.py", extra)
        zf.writestr(
            f"cy_pg-{version}.dist-info/METADATA",
            f"Metadata-Version: 2.1\nName: cy-pg\nVersion: {version}\nRequires-Python: >=3.9\n\n",
        )
    return buf.getvalue()


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([REGISTRY, *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def stack(postgres_url: str, s3_endpoint: str, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    import boto3

    bucket = f"cy-{uuid.uuid4().hex[:10]}"
    boto3.client("s3", endpoint_url=s3_endpoint, **{
        "region_name": "us-east-1", "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing"})\
        .create_bucket(Bucket=bucket)  # fmt: skip
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")},
        **AWS,
        "REGISTRY_DATA_DIR": str(tmp_path / "data"),
        "REGISTRY_DATABASE_URL": postgres_url,
        "REGISTRY_STORAGE": "s3",
        "REGISTRY_S3_BUCKET": bucket,
        "REGISTRY_S3_ENDPOINT_URL": s3_endpoint,
        "REGISTRY_S3_REGION": "us-east-1",
    }
    for key, value in env.items():
        if key.startswith(("REGISTRY_", "AWS_")):
            monkeypatch.setenv(key, value)
    return env


def test_publish_and_serve_on_postgres_and_s3(stack: dict[str, str]) -> None:
    from registry.web.app import create_app

    repo = f"pg-{uuid.uuid4().hex[:8]}"
    assert cli(stack, "repo", "create", repo).returncode == 0
    token = cli(stack, "token", "create", "--repo", repo, "--scope", "publish").stdout.strip()
    assert token.startswith("cyr_")

    app = create_app()  # everything from REGISTRY_* (PostgreSQL + S3)
    client = app.test_client()
    auth = {"Authorization": "Basic " + base64.b64encode(f"__token__:{token}".encode()).decode()}
    body = wheel("1.0")

    def upload(content: bytes):  # type: ignore[no-untyped-def]
        return client.post(
            f"/{repo}/legacy/",
            headers=auth,
            content_type="multipart/form-data",
            data={
                ":action": "file_upload",
                "protocol_version": "1",
                "name": "cy-pg",
                "version": "1.0",
                "sha256_digest": hashlib.sha256(content).hexdigest(),
                "content": (io.BytesIO(content), "cy_pg-1.0-py3-none-any.whl"),
            },
        )

    assert upload(body).status_code == 200
    assert upload(body).status_code == 200  # identical: no-op
    conflict = upload(wheel("1.0", b"x = 1\n"))
    assert conflict.status_code == 409 and "File already exists" in conflict.status

    page = client.get(
        f"/{repo}/simple/cy-pg/", headers={**auth, "Accept": "application/vnd.pypi.simple.v1+json"}
    )
    data = json.loads(page.data)
    (entry,) = data["files"]
    assert entry["requires-python"] == ">=3.9"
    download = client.get(entry["url"], headers={**auth, "Range": "bytes=0-3"})
    assert download.status_code == 206 and download.data == body[:4]
    assert client.get(entry["url"], headers=auth).data == body
    metadata = client.get(entry["url"] + ".metadata", headers=auth).data
    assert metadata.startswith(b"Metadata-Version: 2.1\nName: cy-pg")

    assert cli(stack, "yank", "--repo", repo, "cy-pg", "1.0", "--reason", "old").returncode == 0
    page = client.get(f"/{repo}/simple/cy-pg/", headers=auth)
    assert b'data-yanked="old"' in page.data

    check = cli(stack, "check")
    assert check.returncode == 0, check.stderr
    assert "0 missing" in check.stderr
    # the refused 409 upload left no blob behind: every stored blob is referenced
    assert "ORPHAN" not in check.stdout
