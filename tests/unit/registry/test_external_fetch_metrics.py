"""The external index's HTTP client is counted by outcome, without changing what it does."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

import pytest

from registry.services.external import HttpResponse, RemoteUnavailable
from registry.web.metrics import UPSTREAM_FETCHES, CountingHttpClient


class FlakyIndex:
    def __init__(self) -> None:
        self.up = True

    def get(self, url: str, headers: Mapping[str, str]) -> HttpResponse:
        if not self.up:
            raise RemoteUnavailable("connection refused")
        return HttpResponse(404, {}, b"", url)

    def stream(self, url: str):  # type: ignore[no-untyped-def]
        @contextmanager
        def body() -> Iterator[Iterable[bytes]]:
            if not self.up:
                raise RemoteUnavailable("connection refused")
            yield [b"wheel bytes"]

        return body()


def count(kind: str, outcome: str) -> float:
    return UPSTREAM_FETCHES.labels(kind, outcome)._value.get()


def test_pages_and_files_are_counted_by_outcome() -> None:
    index = FlakyIndex()
    client = CountingHttpClient(index)
    before = {k: count(*k) for k in [("page", "404"), ("page", "unreachable"), ("file", "200"),
                                     ("file", "unreachable")]}  # fmt: skip
    assert client.get("https://index.example/simple/x/", {}).status == 404
    with client.stream("https://files.example/x.whl") as chunks:
        assert b"".join(chunks) == b"wheel bytes"
    index.up = False
    with pytest.raises(RemoteUnavailable):
        client.get("https://index.example/simple/x/", {})
    with pytest.raises(RemoteUnavailable), client.stream("https://files.example/x.whl"):
        pass
    for key, old in before.items():
        assert count(*key) == old + 1, key
