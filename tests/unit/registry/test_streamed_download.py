"""ExternalIndex.stream_file with in-memory fakes: bytes reach the caller as they arrive,
the file is stored only once complete and verified, a bad hash withholds the last chunk and
stores nothing, and a caller that goes away early releases the download's lock."""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pytest

from registry.core.remote_index import RemoteFile
from registry.services.external import (
    ExternalIndex,
    HttpResponse,
    MemoryPageCache,
    RemoteIntegrityError,
    StreamedDownload,
    ThreadKeyedLock,
)

CHUNKS = [b"a" * 10, b"b" * 10, b"c" * 5]
BODY = b"".join(CHUNKS)


class FakeHttp:
    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.closed = False

    def get(self, url: str, headers: Mapping[str, str]) -> HttpResponse:
        raise AssertionError("no page is fetched here")

    def stream(self, url: str) -> contextlib.AbstractContextManager[Iterable[bytes]]:
        @contextlib.contextmanager
        def body() -> Iterator[Iterable[bytes]]:
            def chunks() -> Iterator[bytes]:
                for chunk in CHUNKS:
                    self.sent.append(chunk)
                    yield chunk

            try:
                yield chunks()
            finally:
                self.closed = True

        return body()


class Sink:
    def __init__(self) -> None:
        self.stored: list[tuple[bytes, str, int]] = []

    def find(self, remote: RemoteFile) -> str | None:
        return "stored" if self.stored else None

    def store(self, remote: RemoteFile, path: Path, sha256: str, size: int) -> str:
        self.stored.append((path.read_bytes(), sha256, size))
        return "stored"


def _index(tmp_path: Path) -> tuple[ExternalIndex, FakeHttp, ThreadKeyedLock]:
    http, lock = FakeHttp(), ThreadKeyedLock()
    return ExternalIndex(http, MemoryPageCache(), lock, tmp_dir=tmp_path), http, lock


def _remote(digest: str) -> RemoteFile:
    return RemoteFile("f-1.0.tar.gz", "https://remote/f-1.0.tar.gz", {"sha256": digest})


def test_bytes_arrive_as_the_remote_sends_them_and_the_file_is_stored_once_verified(
    tmp_path: Path,
) -> None:
    index, http, _ = _index(tmp_path)
    sink = Sink()
    streamed = index.stream_file(_remote(hashlib.sha256(BODY).hexdigest()), sink)
    assert isinstance(streamed, StreamedDownload)
    chunks = iter(streamed)
    assert next(chunks) == CHUNKS[0]
    assert http.sent == CHUNKS[:2]  # one chunk held back, no more read than that
    assert sink.stored == []
    assert b"".join([CHUNKS[0], *chunks]) == BODY
    assert sink.stored == [(BODY, hashlib.sha256(BODY).hexdigest(), len(BODY))]
    assert http.closed and list(tmp_path.iterdir()) == []
    assert index.stream_file(_remote(hashlib.sha256(BODY).hexdigest()), sink) == "stored"


def test_a_hash_mismatch_withholds_the_last_chunk_and_stores_nothing(tmp_path: Path) -> None:
    index, http, _ = _index(tmp_path)
    sink = Sink()
    streamed = index.stream_file(_remote("0" * 64), sink)
    assert isinstance(streamed, StreamedDownload)
    received = []
    with pytest.raises(RemoteIntegrityError):
        for chunk in streamed:
            received.append(chunk)
    assert b"".join(received) == BODY[: -len(CHUNKS[-1])]
    assert sink.stored == [] and http.closed and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("read_first", [False, True])
def test_a_caller_that_leaves_early_releases_the_download(tmp_path: Path, read_first: bool) -> None:
    index, http, lock = _index(tmp_path)
    sink = Sink()
    remote = _remote(hashlib.sha256(BODY).hexdigest())
    streamed = index.stream_file(remote, sink)
    assert isinstance(streamed, StreamedDownload)
    if read_first:
        next(iter(streamed))
    streamed.close()
    assert http.closed and sink.stored == [] and list(tmp_path.iterdir()) == []
    taken = threading.Event()

    def take() -> None:
        with lock.hold(f"file:{remote.url}"):
            taken.set()

    threading.Thread(target=take, daemon=True).start()
    assert taken.wait(5)  # the download's lock is free again
