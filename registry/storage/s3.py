"""Blobs in an S3 bucket (or any S3-compatible endpoint) through boto3."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from botocore.exceptions import ClientError

from registry.core.errors import NotFound

_MISSING = {"404", "NoSuchKey", "NotFound"}


def _missing(exc: ClientError) -> bool:
    return str(exc.response.get("Error", {}).get("Code")) in _MISSING


class S3BlobStore:
    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def _key(self, key: str) -> str:
        if not key or ".." in key.split("/"):
            raise ValueError(f"invalid blob key {key!r}")
        return self.prefix + key

    def put(self, key: str, stream: BinaryIO) -> None:
        # A single PUT (or a multipart upload completed at the end) is atomic in S3.
        self.client.upload_fileobj(stream, self.bucket, self._key(key))

    def get(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except ClientError as exc:
            if _missing(exc):
                raise NotFound(f"blob {key!r} is missing from the store") from None
            raise

    def read_range(self, key: str, start: int, length: int) -> bytes:
        if length <= 0:
            return b""
        response = self.client.get_object(
            Bucket=self.bucket, Key=self._key(key), Range=f"bytes={start}-{start + length - 1}"
        )
        return response["Body"].read()

    def open(self, key: str) -> BinaryIO:
        # Buffered so that many small reads become a few ranged GETs.
        raw = _RangeReader(self, key, self.size(key))
        return io.BufferedReader(raw, buffer_size=1024 * 1024)  # type: ignore[return-value]

    def size(self, key: str) -> int:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
            return int(head["ContentLength"])
        except ClientError as exc:
            if _missing(exc):
                raise NotFound(f"blob {key!r} is missing from the store") from None
            raise

    def exists(self, key: str) -> bool:
        try:
            self.size(key)
        except NotFound:
            return False
        return True

    def check_ready(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def keys(self) -> Iterator[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for item in page.get("Contents", []):
                yield item["Key"][len(self.prefix) :]


class _RangeReader(io.RawIOBase):
    """A seekable read-only file whose reads are ranged GETs, so HTTP Range stays cheap."""

    def __init__(self, store: S3BlobStore, key: str, length: int) -> None:
        self.store, self.key, self.length, self.pos = store, key, length, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.length}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self.length - self.pos
        size = min(size, max(self.length - self.pos, 0))
        data = self.store.read_range(self.key, self.pos, size)
        self.pos += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
