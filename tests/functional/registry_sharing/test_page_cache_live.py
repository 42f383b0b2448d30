"""The rendered-page cache through a live `registry serve` (2 gunicorn workers): every
change that alters a simple page is seen on the very next request, whichever worker answers,
ETags revalidate to 304 without a new rendering, and a cached private page never reaches a
caller without the right token.

Main registry repositories: ``base`` (private) <- ``top`` (upstream: base), ``staging`` ->
``release`` (copy), ``ext`` (external connection to the second registry's public ``pypi``).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from .conftest import Server, wheel

pytestmark = pytest.mark.functional

HTML = "text/html"
JSON = "application/vnd.pypi.simple.v1+json"


class Setup:
    main: Server
    remote: Server
    tokens: dict[str, str]
    remote_token: str


@pytest.fixture(scope="module")
def setup(servers: tuple[Server, Server]) -> Setup:
    main, remote = servers
    s = Setup()
    s.main, s.remote, s.tokens = main, remote, {}
    remote.cli("repo", "create", "pypi", "--public-read")
    s.remote_token = remote.cli(
        "token", "create", "--repo", "pypi", "--scope", "publish"
    ).stdout.strip()
    remote.start(workers=1)
    for repo in ("base", "top", "staging", "release", "ext"):
        main.cli("repo", "create", repo)
        for scope in ("read", "publish"):
            s.tokens[f"{repo}-{scope}"] = main.cli(
                "token", "create", "--repo", repo, "--scope", scope
            ).stdout.strip()
    main.start(workers=2)
    return s


def get(
    s: Setup, path: str, token: str | None, accept: str | None = HTML, etag: str | None = None
) -> requests.Response:
    headers = {}
    if accept is not None:
        headers["Accept"] = accept
    if etag is not None:
        headers["If-None-Match"] = etag
    auth = ("__token__", token) if token else None
    return requests.get(s.main.base + path, headers=headers, auth=auth, timeout=30)


def publish(server: Server, repo: str, name: str, version: str, token: str) -> str:
    filename, data = wheel(name, version, salt=repo)
    reply = server.upload(repo, filename, data, token)
    assert reply.status_code == 200, reply.text
    return filename


def steady(s: Setup, path: str, token: str, accept: str = HTML) -> requests.Response:
    """The page, asked for several times (both workers answer some): one ETag, one body."""
    replies = [get(s, path, token, accept) for _ in range(4)]
    assert {r.status_code for r in replies} == {200}
    assert len({r.headers["ETag"] for r in replies}) == 1
    assert len({r.content for r in replies}) == 1
    return replies[0]


def cached_bodies(server: Server, repo: str, page: str) -> list[Path]:
    return [p for p in (server.data_dir / "pages" / repo / page).glob("*") if p.suffix != ".json"]


def test_publish_changes_page_and_etag_revalidates(setup: Setup) -> None:
    s = setup
    path, token = "/base/simple/cache-a/", s.tokens["base-read"]
    first_file = publish(s.main, "base", "cache-a", "1.0", s.tokens["base-publish"])
    first = steady(s, path, token)
    assert first_file in first.text
    assert cached_bodies(s.main, "base", "cache-a"), "the rendered page was not stored"
    etag = first.headers["ETag"]
    again = get(s, path, token, etag=etag)
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag and "Accept" in again.headers["Vary"]

    second_file = publish(s.main, "base", "cache-a", "2.0", s.tokens["base-publish"])
    after = get(s, path, token, etag=etag)
    assert after.status_code == 200
    assert second_file in after.text and first_file in after.text
    assert after.headers["ETag"] != etag
    # JSON is its own representation with its own ETag, and sees the same change.
    as_json = get(s, path, token, JSON, etag=after.headers["ETag"])
    assert as_json.status_code == 200
    assert {f["filename"] for f in as_json.json()["files"]} == {first_file, second_file}
    assert as_json.json()["versions"] == ["1.0", "2.0"]


def test_root_page_follows_new_projects_and_answers_304(setup: Setup) -> None:
    s = setup
    token = s.tokens["base-read"]
    before = steady(s, "/base/simple/", token)
    assert get(s, "/base/simple/", token, etag=before.headers["ETag"]).status_code == 304
    publish(s.main, "base", "cache-root-new", "1.0", s.tokens["base-publish"])
    after = get(s, "/base/simple/", token, etag=before.headers["ETag"])
    assert after.status_code == 200
    assert '<a href="cache-root-new/">cache-root-new</a>' in after.text
    # A new version of a listed project does not change the list, nor its ETag.
    listed = steady(s, "/base/simple/", token)
    publish(s.main, "base", "cache-root-new", "1.1", s.tokens["base-publish"])
    assert get(s, "/base/simple/", token, etag=listed.headers["ETag"]).status_code == 304


def test_yank_unyank_and_statuses_change_the_page(setup: Setup) -> None:
    s = setup
    path, token = "/base/simple/cache-life/", s.tokens["base-read"]
    filename = publish(s.main, "base", "cache-life", "1.0", s.tokens["base-publish"])
    publish(s.main, "base", "cache-life", "2.0", s.tokens["base-publish"])
    assert "data-yanked" not in steady(s, path, token).text

    s.main.cli("yank", "--repo", "base", "cache-life", "1.0", "--reason", "broken build")
    assert 'data-yanked="broken build"' in steady(s, path, token).text
    s.main.cli("unyank", "--repo", "base", "cache-life", "1.0")
    assert "data-yanked" not in steady(s, path, token).text

    s.main.cli("status", "--repo", "base", "cache-life", "1.0", "unlisted")
    assert "data-yanked=" in steady(s, path, token).text
    s.main.cli("status", "--repo", "base", "cache-life", "1.0", "archived")
    page = steady(s, path, token)
    assert filename not in page.text and "cache_life-2.0" in page.text
    s.main.cli("status", "--repo", "base", "cache-life", "1.0", "published")
    assert filename in steady(s, path, token).text


def test_copy_shows_in_target_pages(setup: Setup) -> None:
    s = setup
    token = s.tokens["release-read"]
    publish(s.main, "staging", "cache-promo", "1.0", s.tokens["staging-publish"])
    root = steady(s, "/release/simple/", token)
    assert "cache-promo" not in root.text
    assert get(s, "/release/simple/cache-promo/", token).status_code == 404
    s.main.cli("copy", "--from", "staging", "--to", "release", "cache-promo", "1.0")
    assert "cache_promo-1.0" in steady(s, "/release/simple/cache-promo/", token).text
    assert get(s, "/release/simple/", token, etag=root.headers["ETag"]).status_code == 200
    assert "cache-promo/" in steady(s, "/release/simple/", token).text


def test_upstream_changes_and_upstream_publishes_reach_merged_pages(setup: Setup) -> None:
    s = setup
    path, token = "/top/simple/cache-up/", s.tokens["top-read"]
    publish(s.main, "base", "cache-up", "1.0", s.tokens["base-publish"])
    assert get(s, path, token).status_code == 404
    root = steady(s, "/top/simple/", token)
    assert "cache-up" not in root.text

    s.main.cli("repo", "add-upstream", "top", "base")
    assert "cache_up-1.0" in steady(s, path, token).text
    assert "cache-up/" in steady(s, "/top/simple/", token).text
    # A publish to the upstream reaches the downstream page that merged it.
    publish(s.main, "base", "cache-up", "1.1", s.tokens["base-publish"])
    assert "cache_up-1.1" in steady(s, path, token).text
    # Origin controls decide which upstream files a page merges.
    s.main.cli("package", "origin", "--repo", "top", "cache-up", "--upstream", "block")
    assert get(s, path, token).status_code == 404
    s.main.cli("package", "origin", "--repo", "top", "cache-up", "--upstream", "allow")
    assert "cache_up-1.1" in steady(s, path, token).text

    s.main.cli("repo", "remove-upstream", "top", "base")
    assert get(s, path, token).status_code == 404
    assert "cache-up" not in steady(s, "/top/simple/", token).text


def test_cached_private_pages_need_the_repository_token(setup: Setup) -> None:
    s = setup
    path = "/base/simple/cache-a/"
    etag = steady(s, path, s.tokens["base-read"]).headers["ETag"]  # stored now
    for token in (None, s.tokens["top-read"], "not-a-token"):
        reply = get(s, path, token)
        assert reply.status_code in (401, 403)
        assert "cache_a" not in reply.text
        # Knowing the ETag does not help either: no 304 without the right token.
        assert get(s, path, token, etag=etag).status_code in (401, 403)


def test_wildcard_and_missing_accept_get_html(setup: Setup) -> None:
    s = setup
    for accept in (None, "*/*"):
        reply = get(s, "/base/simple/cache-a/", s.tokens["base-read"], accept)
        assert reply.headers["Content-Type"].startswith("text/html")
        assert reply.text.startswith("<!DOCTYPE html>")


def test_external_pages_follow_the_remote_after_their_ttl(setup: Setup) -> None:
    s = setup
    path, token = "/ext/simple/cache-remote/", s.tokens["ext-read"]
    publish(s.remote, "pypi", "cache-remote", "1.0", s.remote_token)
    s.main.cli("repo", "set-external", "ext", f"{s.remote.base}/pypi/simple/", "--ttl", "1")
    first = steady(s, path, token)
    assert "cache_remote-1.0" in first.text
    publish(s.remote, "pypi", "cache-remote", "2.0", s.remote_token)
    time.sleep(1.5)  # the connection's TTL: the cached remote page is revalidated now
    after = steady(s, path, token)
    assert "cache_remote-2.0" in after.text
    assert after.headers["ETag"] != first.headers["ETag"]
    s.main.cli("repo", "remove-external", "ext")
    assert get(s, path, token).status_code == 404
