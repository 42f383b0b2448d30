import os
import time
from pathlib import Path

import pytest

from registry.storage.rendered_pages import (
    INDEX_PAGE,
    SUPERSEDED_GRACE_SECONDS,
    ExternalInput,
    RenderedPageStore,
)


def test_a_page_is_found_only_under_the_key_it_was_rendered_from(tmp_path: Path) -> None:
    store = RenderedPageStore(tmp_path)
    assert store.get("team", "cy-app", "html", "k1") is None
    stored = store.put("team", "cy-app", "html", "k1", "k1", b"<html>1</html>")
    assert stored.path.read_bytes() == b"<html>1</html>"
    assert stored.relative == "team/cy-app/k1.html"
    found = store.get("team", "cy-app", "html", "k1")
    assert found is not None and found.path == stored.path and found.size == 14
    assert store.get("team", "cy-app", "html", "k2") is None
    assert store.get("team", "cy-app", "json", "k1") is None  # each representation its own
    assert store.get("other", "cy-app", "html", "k1") is None  # each repository its own


def test_external_inputs_are_kept_with_the_page(tmp_path: Path) -> None:
    store = RenderedPageStore(tmp_path)
    inputs = (ExternalInput("ab" * 32, 1700000000.25, 300.0),)
    store.put("team", "cy-app", "json", "k", "tag", b"{}", inputs)
    found = store.get("team", "cy-app", "json", "k")
    assert found is not None and found.externals == inputs and found.tag == "tag"


def test_a_body_cut_short_is_not_served(tmp_path: Path) -> None:
    store = RenderedPageStore(tmp_path)
    stored = store.put("team", INDEX_PAGE, "html", "k", "k", b"0123456789")
    stored.path.write_bytes(b"01234")
    assert store.get("team", INDEX_PAGE, "html", "k") is None


def test_superseded_renderings_are_removed_after_a_grace_period(tmp_path: Path) -> None:
    store = RenderedPageStore(tmp_path)
    old = store.put("team", "cy-app", "html", "k1", "k1", b"old")
    other_kind = store.put("team", "cy-app", "json", "j1", "j1", b"{}")
    long_ago = time.time() - SUPERSEDED_GRACE_SECONDS - 5
    for path in old.path.parent.iterdir():
        os.utime(path, (long_ago, long_ago))
    store.put("team", "cy-app", "html", "k2", "k2", b"new")
    assert not old.path.exists()
    assert store.get("team", "cy-app", "html", "k1") is None
    assert store.get("team", "cy-app", "html", "k2") is not None
    assert other_kind.path.exists()  # the JSON rendering is not this one's to remove


@pytest.mark.parametrize(
    ("repository", "page"),
    [("team", "../etc"), ("team", "a/b"), ("team", ""), ("Team", "x"), ("..", "x"), ("t", ".x")],
)
def test_names_that_are_not_plain_path_segments_are_never_stored(
    tmp_path: Path, repository: str, page: str
) -> None:
    store = RenderedPageStore(tmp_path)
    assert not store.cacheable(repository, page)
    with pytest.raises(ValueError):
        store.put(repository, page, "html", "k", "k", b"x")
