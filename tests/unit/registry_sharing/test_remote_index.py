import json

import pytest

from registry.core.remote_index import (
    RemoteIndexError,
    parse_html_page,
    parse_json_page,
    parse_project_page,
)

PAGE = "https://index.example/simple/acme-utils/"


def test_json_page_resolves_urls_and_reads_every_field():
    body = json.dumps(
        {
            "meta": {"api-version": "1.1"},
            "name": "acme-utils",
            "versions": ["1.0", "2.0"],
            "files": [
                {
                    "filename": "acme_utils-1.0-py3-none-any.whl",
                    "url": "../../files/ab/acme_utils-1.0-py3-none-any.whl#sha256=ignored",
                    "hashes": {"sha256": "AA11"},
                    "requires-python": ">=3.9",
                    "core-metadata": {"sha256": "bb22"},
                    "dist-info-metadata": False,
                    "yanked": "broken build",
                    "size": 123,
                    "upload-time": "2024-01-02T03:04:05.000000Z",
                },
                {
                    "filename": "acme_utils-2.0.tar.gz",
                    "url": "https://cdn.example/acme_utils-2.0.tar.gz",
                    "hashes": {},
                    "dist-info-metadata": True,
                    "yanked": False,
                },
            ],
        }
    ).encode()
    page = parse_project_page(body, "application/vnd.pypi.simple.v1+json; charset=utf-8", PAGE)
    wheel, sdist = page.files
    assert page.name == "acme-utils" and page.api_version == "1.1"
    assert page.versions == ("1.0", "2.0")
    assert wheel.url == "https://index.example/files/ab/acme_utils-1.0-py3-none-any.whl"
    assert wheel.sha256 == "aa11"
    assert wheel.requires_python == ">=3.9"
    assert wheel.core_metadata == {"sha256": "bb22"}  # PEP 714: core-metadata wins
    assert (wheel.yanked, wheel.yanked_reason) == (True, "broken build")
    assert (wheel.size, wheel.upload_time) == (123, "2024-01-02T03:04:05.000000Z")
    assert sdist.url == "https://cdn.example/acme_utils-2.0.tar.gz"
    assert sdist.core_metadata is True  # old spelling still read
    assert (sdist.yanked, sdist.yanked_reason, sdist.sha256) == (False, None, None)
    assert page.file("acme_utils-2.0.tar.gz") is sdist and page.file("nope") is None


def test_html_page_reads_fragment_hash_escaped_requires_python_and_pep714():
    body = b"""<!DOCTYPE html><html><head>
    <meta name="pypi:repository-version" content="1.1"></head><body>
    <a href="/files/acme_utils-1.0-py3-none-any.whl#sha256=CAFE"
       data-requires-python="&gt;=3.8,&lt;4"
       data-core-metadata="sha256=beef" data-dist-info-metadata="sha256=dead">
       acme_utils-1.0-py3-none-any.whl</a>
    <a href="acme_utils-0.9.tar.gz#md5=0123" data-yanked="">acme_utils-0.9.tar.gz</a>
    <a href="acme_utils-0.8.tar.gz" data-yanked="CVE-1 &amp; more" data-dist-info-metadata="true">
      acme_utils-0.8.tar.gz</a>
    <a>no href</a>
    </body></html>"""
    page = parse_project_page(body, "text/html", PAGE)
    first, second, third = page.files
    assert page.api_version == "1.1"
    assert first.filename == "acme_utils-1.0-py3-none-any.whl"
    assert first.url == "https://index.example/files/acme_utils-1.0-py3-none-any.whl"
    assert first.hashes == {"sha256": "cafe"}
    assert first.requires_python == ">=3.8,<4"
    assert first.core_metadata == {"sha256": "beef"}
    assert not first.yanked
    assert second.url == "https://index.example/simple/acme-utils/acme_utils-0.9.tar.gz"
    assert second.hashes == {"md5": "0123"}
    assert (second.yanked, second.yanked_reason) == (True, None)
    assert (third.yanked, third.yanked_reason) == (True, "CVE-1 & more")
    assert third.core_metadata is True


def test_html_base_href_and_percent_encoded_filename():
    body = (
        b'<html><head><base href="https://mirror.example/pkgs/"></head><body>'
        b'<a href="acme%2Butils-1.0.tar.gz#sha256=aa">acme+utils-1.0.tar.gz</a></body></html>'
    )
    (only,) = parse_html_page(body, PAGE).files
    assert only.url == "https://mirror.example/pkgs/acme%2Butils-1.0.tar.gz"
    assert only.filename == "acme+utils-1.0.tar.gz"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "invalid JSON"),
        (b'{"meta": {"api-version": "1.0"}}', "no 'files' list"),
        (b'{"meta": {"api-version": "2.0"}, "files": []}', "version 2.0"),
        (b'{"files": [{"url": "x"}]}', "without filename/url"),
    ],
)
def test_bad_json_pages_are_refused_with_a_reason(body, message):
    with pytest.raises(RemoteIndexError, match=message):
        parse_json_page(body, PAGE)


def test_unknown_content_type_is_refused():
    with pytest.raises(RemoteIndexError, match="neither PEP 691 JSON nor HTML"):
        parse_project_page(b"%PDF", "application/pdf", PAGE)


def test_html_major_version_two_is_refused():
    body = b'<meta name="pypi:repository-version" content="2.0"><a href="x.tar.gz">x</a>'
    with pytest.raises(RemoteIndexError, match=r"only 1\.x"):
        parse_html_page(body, PAGE)
