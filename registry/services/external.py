"""The external connection: a remote PEP 691/503 index behind a cache.

``ExternalIndex`` fetches a project page (JSON preferred, HTML fallback), keeps it in a page
cache for a TTL and revalidates it conditionally (ETag / Last-Modified).  When the remote
cannot be reached, a cached page is still served, flagged ``stale`` so the web layer can say
so; with nothing cached, ``RemoteUnavailable`` carries a reason (the web layer maps it to
502).  ``fetch_file`` downloads a remote file once (single-flight per file through a keyed
lock, which may be a file lock shared by every gunicorn worker), verifies it against the
remote's sha256 (or a stronger hash) and hands the verified bytes to a sink that stores
them; a file already stored is never fetched again.

Everything the service touches (HTTP, cache, lock, storage) is a small Protocol; the
``requests`` client, an in-memory cache and thread / file locks live here too.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import inspect
import os
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, Protocol, TypeVar
from urllib.parse import quote, urlsplit, urlunsplit

from registry.core.errors import RegistryError
from registry.core.remote_index import (
    ACCEPT_HEADER,
    RemoteFile,
    RemoteIndexError,
    RemoteProjectPage,
    parse_project_page,
)

T = TypeVar("T")

# Hashes accepted to verify a download, strongest first; md5/sha1 alone are not enough.
VERIFYING_HASHES = ("sha512", "sha384", "sha256", "sha224")
CHUNK = 1 << 16


class RemoteUnavailable(RegistryError):
    """The external index could not give us what we need and nothing usable is cached
    (the web edge answers 502 Bad Gateway with the reason)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class RemoteIntegrityError(RemoteUnavailable):
    """The remote sent bytes that do not match the hash it advertised (or no usable hash)."""


def redact(url: str) -> str:
    """A URL without credentials, fit for messages and logs."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def project_page_url(index_url: str, normalized_name: str) -> str:
    return f"{index_url.rstrip('/')}/{quote(normalized_name)}/"


def page_cache_key(index_url: str, normalized_name: str) -> str:
    """The PageCache key of a remote project page (rendered pages that merged it watch it)."""
    return f"page:{project_page_url(index_url, normalized_name)}"


# --- ports -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes
    url: str  # final URL after redirects


class HttpClient(Protocol):
    def get(self, url: str, headers: Mapping[str, str]) -> HttpResponse:
        """GET ``url``; raise ``RemoteUnavailable`` when no HTTP answer arrives."""
        ...

    def stream(self, url: str) -> AbstractContextManager[Iterable[bytes]]:
        """Stream a 200 body; raise ``RemoteUnavailable`` for errors and other statuses."""
        ...


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    content_type: str
    url: str
    fetched_at: float
    etag: str | None = None
    last_modified: str | None = None
    not_found: bool = False


class PageCache(Protocol):
    def get(self, key: str) -> CachedPage | None: ...

    def put(self, key: str, page: CachedPage) -> None: ...


class KeyedLock(Protocol):
    def hold(self, key: str) -> AbstractContextManager[None]: ...


class FileSink(Protocol[T]):
    """Where verified remote files go: the registry's blob store plus its database rows."""

    def find(self, remote: RemoteFile) -> T | None: ...

    def store(self, remote: RemoteFile, path: Path, sha256: str, size: int) -> T: ...


# --- adapters ----------------------------------------------------------------------------


class RequestsHttpClient:
    """``HttpClient`` over a ``requests.Session`` with connect/read timeouts."""

    def __init__(self, timeout: tuple[float, float] = (5.0, 30.0), user_agent: str = "codeyard"):
        import requests

        self._requests = requests
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent
        # HTTP(S)_PROXY / NO_PROXY apply to the external index, as for any outbound client.
        self.session.trust_env = True
        self.timeout = timeout

    def get(self, url: str, headers: Mapping[str, str]) -> HttpResponse:
        try:
            response = self.session.get(url, headers=dict(headers), timeout=self.timeout)
        except self._requests.RequestException as exc:
            raise RemoteUnavailable(f"cannot reach {redact(url)}: {_short(exc)}") from None
        return HttpResponse(
            status=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            body=response.content,
            url=response.url,
        )

    @contextlib.contextmanager
    def stream(self, url: str) -> Iterator[Iterable[bytes]]:
        try:
            response = self.session.get(url, stream=True, timeout=self.timeout)
        except self._requests.RequestException as exc:
            raise RemoteUnavailable(f"cannot reach {redact(url)}: {_short(exc)}") from None
        with response:
            if response.status_code != 200:
                raise RemoteUnavailable(
                    f"the remote answered {response.status_code} for {redact(url)}"
                )
            try:
                yield response.iter_content(CHUNK)
            except self._requests.RequestException as exc:
                raise RemoteUnavailable(
                    f"download of {redact(url)} broke off: {_short(exc)}"
                ) from None


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its causes and the exceptions it carries in its args (urllib3 wraps
    the OS error in a MaxRetryError inside requests' ConnectionError)."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(a for a in current.args if isinstance(a, BaseException))
        stack.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)


def _short(exc: BaseException) -> str:
    """Why the remote could not be reached, in plain words instead of urllib3's repr chain
    (``HTTPSConnectionPool(host=…): Max retries exceeded … NewConnectionError(<…>)``)."""
    import ssl

    names = {type(e).__name__ for e in _causes(exc)}
    causes = list(_causes(exc))
    if "NameResolutionError" in names or any(isinstance(e, socket.gaierror) for e in causes):
        return "the host name does not resolve (DNS)"
    if "ConnectTimeout" in names or "ConnectTimeoutError" in names:
        return "the connection timed out"
    if "ReadTimeout" in names or "ReadTimeoutError" in names:
        return "the remote accepted the connection but did not answer in time"
    if any(isinstance(e, ssl.SSLError) for e in causes) or "SSLError" in names:
        return "the TLS handshake failed (certificate not trusted or wrong host?)"
    if "ProxyError" in names:
        return "the HTTP(S)_PROXY refused or failed the connection"
    if any(isinstance(e, ConnectionRefusedError) for e in causes):
        return "connection refused (nothing listens on that host and port)"
    if any(isinstance(e, ConnectionResetError) for e in causes):
        return "the connection was reset"
    if "TooManyRedirects" in names:
        return "too many redirects"
    if "ChunkedEncodingError" in names or "ProtocolError" in names:
        return "the connection broke off mid-answer"
    return f"connection failed ({type(exc).__name__})"


class MemoryPageCache:
    def __init__(self) -> None:
        self._pages: dict[str, CachedPage] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            return self._pages.get(key)

    def put(self, key: str, page: CachedPage) -> None:
        with self._lock:
            self._pages[key] = page


class ThreadKeyedLock:
    """One lock per key within this process."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int]] = {}

    @contextlib.contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(key, (threading.Lock(), 0))
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[key]
                if users == 1:
                    del self._locks[key]
                else:
                    self._locks[key] = (lock, users - 1)


class FileKeyedLock:
    """One ``flock`` per key under ``directory``: shared by every process on this host.

    Each ``hold`` opens its own file description, so threads of one process exclude each
    other too.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    @contextlib.contextmanager
    def hold(self, key: str) -> Iterator[None]:
        name = hashlib.sha256(key.encode()).hexdigest()[:32] + ".lock"
        fd = os.open(self.directory / name, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the flock


# --- the service -------------------------------------------------------------------------


class StreamedDownload(Generic[T]):
    """A remote file on its way: iterate for the bytes (stored once verified and complete);
    ``close`` ends the download early (the client went away): nothing is stored then."""

    def __init__(self, chunks: Generator[bytes, None, None], release: Callable[[], None]) -> None:
        self._chunks, self._release = chunks, release

    def __iter__(self) -> Iterator[bytes]:
        return self._chunks

    def close(self) -> None:
        if inspect.getgeneratorstate(self._chunks) == inspect.GEN_CREATED:
            self._release()  # never started: its own cleanup would not run
        self._chunks.close()


@dataclass(frozen=True)
class PageResult:
    page: RemoteProjectPage | None  # None: the remote does not know the project
    stale: bool = False
    reason: str | None = None  # why a stale page was served


class ExternalIndex:
    def __init__(
        self,
        http: HttpClient,
        cache: PageCache,
        lock: KeyedLock,
        ttl: float = 300.0,
        clock: Callable[[], float] = time.time,
        tmp_dir: Path | None = None,
        max_file_bytes: int = 1 << 30,
    ) -> None:
        self.http, self.cache, self.lock = http, cache, lock
        self.ttl, self.clock = ttl, clock
        self.tmp_dir = tmp_dir
        self.max_file_bytes = max_file_bytes

    # pages ---------------------------------------------------------------------------------

    def project_page(
        self, index_url: str, normalized_name: str, ttl: float | None = None
    ) -> PageResult:
        """The remote's page for a project; ``ttl`` overrides the default for this index."""
        ttl = self.ttl if ttl is None else ttl
        url = project_page_url(index_url, normalized_name)
        key = page_cache_key(index_url, normalized_name)
        cached = self.cache.get(key)
        if cached is not None and self.clock() - cached.fetched_at < ttl:
            return PageResult(self._parse(cached))
        with self.lock.hold(key):
            cached = self.cache.get(key)  # another worker may have refreshed it meanwhile
            if cached is not None and self.clock() - cached.fetched_at < ttl:
                return PageResult(self._parse(cached))
            try:
                fresh = self._revalidate(url, cached)
            except RemoteUnavailable as exc:
                if cached is None:
                    raise
                return PageResult(self._parse(cached), stale=True, reason=exc.reason)
            self.cache.put(key, fresh)
            return PageResult(self._parse(fresh))

    def _revalidate(self, url: str, cached: CachedPage | None) -> CachedPage:
        headers = {"Accept": ACCEPT_HEADER}
        if cached is not None and not cached.not_found:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        response = self.http.get(url, headers)
        now = self.clock()
        if response.status == 304 and cached is not None:
            return replace(cached, fetched_at=now)
        if response.status == 404:
            return CachedPage(b"", "", response.url or url, now, not_found=True)
        if response.status != 200:
            raise RemoteUnavailable(
                f"the remote index answered {response.status} for {redact(url)}"
            )
        page = CachedPage(
            body=response.body,
            content_type=response.headers.get("content-type", ""),
            url=response.url or url,
            fetched_at=now,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )
        self._parse(page)  # refuse to cache what we cannot read
        return page

    @staticmethod
    def _parse(cached: CachedPage) -> RemoteProjectPage | None:
        if cached.not_found:
            return None
        try:
            return parse_project_page(cached.body, cached.content_type, cached.url)
        except RemoteIndexError as exc:
            raise RemoteUnavailable(str(exc)) from None

    # files ---------------------------------------------------------------------------------

    def fetch_file(self, remote: RemoteFile, sink: FileSink[T]) -> T:
        """The stored file for ``remote``, downloading and verifying it first if needed."""
        stored = sink.find(remote)
        if stored is not None:
            return stored
        algorithm = next((a for a in VERIFYING_HASHES if remote.hashes.get(a)), None)
        if algorithm is None:
            raise RemoteIntegrityError(
                f"the remote index gives no sha256 (or stronger) hash for {remote.filename}; "
                "refusing to serve a file that cannot be verified"
            )
        with self.lock.hold(f"file:{remote.url}"):
            stored = sink.find(remote)  # a concurrent request may have stored it meanwhile
            if stored is not None:
                return stored
            path, sha256, size = self._download(remote, algorithm)
            try:
                return sink.store(remote, path, sha256, size)
            finally:
                path.unlink(missing_ok=True)

    def stream_file(self, remote: RemoteFile, sink: FileSink[T]) -> T | StreamedDownload[T]:
        """Like ``fetch_file``, but a file not stored yet is not waited for: the answer is a
        download that hands the client each chunk as it arrives while it is written and
        hashed, and is stored once verified. The last chunk is held back until the hash
        matches, so a client never receives a whole unverified file (it sees the answer cut
        short instead). A concurrent request for the same file waits for that download and
        is then served the stored copy, as with ``fetch_file`` (one remote download)."""
        stored = sink.find(remote)
        if stored is not None:
            return stored
        algorithm = self._verifying_algorithm(remote)
        lock = self.lock.hold(f"file:{remote.url}")
        lock.__enter__()
        try:
            stored = sink.find(remote)  # a concurrent request may have stored it meanwhile
            if stored is not None:
                lock.__exit__(None, None, None)
                return stored
            body = self.http.stream(remote.url)
            chunks = body.__enter__()  # unreachable remote: raised here, before any answer
        except BaseException:
            lock.__exit__(None, None, None)
            raise
        def release() -> None:
            try:
                body.__exit__(None, None, None)
            finally:
                lock.__exit__(None, None, None)

        return StreamedDownload(self._tee(remote, algorithm, sink, chunks, release), release)

    def _tee(
        self,
        remote: RemoteFile,
        algorithm: str,
        sink: FileSink[T],
        chunks: Iterable[bytes],
        release: Callable[[], None],
    ) -> Generator[bytes, None, None]:
        fd, name = tempfile.mkstemp(dir=self.tmp_dir, prefix=".remote-", suffix=".part")
        path = Path(name)
        sha256 = hashlib.sha256()
        check = sha256 if algorithm == "sha256" else hashlib.new(algorithm)
        size, held = 0, b""
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    if not chunk:
                        continue
                    size += len(chunk)
                    if size > self.max_file_bytes:
                        raise RemoteIntegrityError(
                            f"{remote.filename} from the remote is larger than the "
                            f"{self.max_file_bytes}-byte limit"
                        )
                    sha256.update(chunk)
                    if check is not sha256:
                        check.update(chunk)
                    handle.write(chunk)
                    if held:
                        yield held
                    held = chunk
            self._verify(remote, algorithm, check.hexdigest(), size)
            sink.store(remote, path, sha256.hexdigest(), size)
            yield held
        finally:
            path.unlink(missing_ok=True)
            release()

    @staticmethod
    def _verifying_algorithm(remote: RemoteFile) -> str:
        algorithm = next((a for a in VERIFYING_HASHES if remote.hashes.get(a)), None)
        if algorithm is None:
            raise RemoteIntegrityError(
                f"the remote index gives no sha256 (or stronger) hash for {remote.filename}; "
                "refusing to serve a file that cannot be verified"
            )
        return algorithm

    @staticmethod
    def _verify(remote: RemoteFile, algorithm: str, digest: str, size: int) -> None:
        expected = remote.hashes[algorithm]
        if digest != expected.lower():
            raise RemoteIntegrityError(
                f"{remote.filename} from {redact(remote.url)} does not match the remote "
                f"index's {algorithm} ({expected}); refusing to store it"
            )
        if remote.size is not None and remote.size != size:
            raise RemoteIntegrityError(
                f"{remote.filename} from the remote is {size} bytes, the index said "
                f"{remote.size}"
            )

    def _download(self, remote: RemoteFile, algorithm: str) -> tuple[Path, str, int]:
        expected = remote.hashes[algorithm]
        sha256 = hashlib.sha256()
        check = sha256 if algorithm == "sha256" else hashlib.new(algorithm)
        size = 0
        fd, name = tempfile.mkstemp(dir=self.tmp_dir, prefix=".remote-", suffix=".part")
        path = Path(name)
        try:
            with os.fdopen(fd, "wb") as handle, self.http.stream(remote.url) as chunks:
                for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_file_bytes:
                        raise RemoteIntegrityError(
                            f"{remote.filename} from the remote is larger than the "
                            f"{self.max_file_bytes}-byte limit"
                        )
                    sha256.update(chunk)
                    if check is not sha256:
                        check.update(chunk)
                    handle.write(chunk)
            if check.hexdigest() != expected.lower():
                raise RemoteIntegrityError(
                    f"{remote.filename} from {redact(remote.url)} does not match the remote "
                    f"index's {algorithm} ({expected}); refusing to store it"
                )
            if remote.size is not None and remote.size != size:
                raise RemoteIntegrityError(
                    f"{remote.filename} from the remote is {size} bytes, the index said "
                    f"{remote.size}"
                )
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path, sha256.hexdigest(), size

    def fetch_metadata(self, remote: RemoteFile) -> bytes:
        """The remote's core metadata (PEP 658) for ``remote``, verified when hashed; cached
        for good once fetched (it is immutable, like the file)."""
        if remote.core_metadata is False:
            raise RemoteUnavailable(f"the remote index offers no metadata for {remote.filename}")
        url = remote.url + ".metadata"
        key = f"metadata:{url}"
        cached = self.cache.get(key)
        if cached is not None:
            return cached.body
        response = self.http.get(url, {})
        if response.status != 200:
            raise RemoteUnavailable(f"the remote answered {response.status} for {redact(url)}")
        if isinstance(remote.core_metadata, Mapping):
            for algorithm in VERIFYING_HASHES:
                expected = remote.core_metadata.get(algorithm)
                if expected:
                    if hashlib.new(algorithm, response.body).hexdigest() != expected.lower():
                        raise RemoteIntegrityError(
                            f"metadata for {remote.filename} does not match the remote's "
                            f"{algorithm}; refusing to relay it"
                        )
                    break
        self.cache.put(key, CachedPage(response.body, "text/plain", url, self.clock()))
        return response.body
