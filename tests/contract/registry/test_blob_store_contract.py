"""One suite for every BlobStore: local filesystem and S3 (moto's server, real boto3 calls)."""

import io

import pytest

from registry.core.errors import NotFound
from registry.core.model import blob_key

KEY = blob_key("ab" + "0" * 62)


class Exploding(io.RawIOBase):
    """A stream that fails half way, like a client disconnecting mid-upload."""

    def __init__(self) -> None:
        self.sent = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self.sent > 100_000:
            raise OSError("connection reset")
        n = min(len(buffer), 50_000)
        buffer[:n] = b"x" * n
        self.sent += n
        return n


def test_put_get_exists_size(blob_store) -> None:
    assert not blob_store.exists(KEY)
    blob_store.put(KEY, io.BytesIO(b"hello wheel"))
    assert blob_store.exists(KEY)
    assert blob_store.get(KEY) == b"hello wheel"
    assert blob_store.size(KEY) == 11


def test_put_same_key_again_is_harmless(blob_store) -> None:
    blob_store.put(KEY, io.BytesIO(b"same"))
    blob_store.put(KEY, io.BytesIO(b"same"))
    assert blob_store.get(KEY) == b"same"
    assert list(blob_store.keys()) == [KEY]


def test_open_is_seekable_for_ranges(blob_store) -> None:
    data = bytes(range(256)) * 12_000  # ~3 MiB: more than one S3 read buffer
    blob_store.put(KEY, io.BytesIO(data))
    with blob_store.open(KEY) as reader:
        assert reader.seekable()
        reader.seek(len(data) - 10)
        assert reader.read(10) == data[-10:]
        reader.seek(1000)
        assert reader.read(5) == data[1000:1005]
        reader.seek(0)
        assert reader.read() == data


def test_missing_blob(blob_store) -> None:
    with pytest.raises(NotFound):
        blob_store.get(KEY)
    with pytest.raises(NotFound):
        blob_store.size(KEY)
    with pytest.raises(NotFound):
        blob_store.open(KEY)
    blob_store.delete(KEY)  # deleting what is absent is fine


def test_delete(blob_store) -> None:
    blob_store.put(KEY, io.BytesIO(b"x"))
    blob_store.delete(KEY)
    assert not blob_store.exists(KEY)
    assert list(blob_store.keys()) == []


def test_keys_lists_everything_stored(blob_store) -> None:
    keys = sorted(blob_key(c * 64) for c in "abc")
    for k in keys:
        blob_store.put(k, io.BytesIO(k.encode()))
    assert sorted(blob_store.keys()) == keys


def test_failed_put_leaves_nothing_behind(blob_store) -> None:
    with pytest.raises(OSError, match="connection reset"):
        blob_store.put(KEY, io.BufferedReader(Exploding()))
    assert not blob_store.exists(KEY)
    assert list(blob_store.keys()) == []


@pytest.mark.parametrize("key", ["../escape", "a/../../b", ""])
def test_keys_cannot_escape(blob_store, key: str) -> None:
    with pytest.raises(ValueError, match="invalid blob key"):
        blob_store.put(key, io.BytesIO(b"x"))


def test_local_failed_put_leaves_no_temporary_file(tmp_path) -> None:
    from registry.storage.local import LocalBlobStore

    store = LocalBlobStore(tmp_path)
    with pytest.raises(OSError):
        store.put(KEY, io.BufferedReader(Exploding()))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_working_store_is_ready(blob_store) -> None:
    from registry.core.ports import ReadinessProbe

    assert isinstance(blob_store, ReadinessProbe)
    blob_store.check_ready()  # raises when the store cannot take writes


def test_local_store_not_ready_without_its_directory(tmp_path) -> None:
    from registry.storage.local import LocalBlobStore

    store = LocalBlobStore(tmp_path / "blobs")
    (tmp_path / "blobs").rmdir()
    with pytest.raises(OSError, match="missing"):
        store.check_ready()


def test_s3_store_not_ready_without_its_bucket(moto_endpoint) -> None:
    import boto3

    from registry.storage.s3 import S3BlobStore

    client = boto3.client(
        "s3", endpoint_url=moto_endpoint, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
    )  # fmt: skip
    with pytest.raises(Exception, match=r"404|Not Found|NoSuchBucket"):
        S3BlobStore(client, "no-such-bucket").check_ready()
