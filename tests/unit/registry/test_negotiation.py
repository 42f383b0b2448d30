import pytest

from registry.core.errors import NotAcceptable
from registry.core.negotiation import HTML_V1, JSON_V1, TEXT_HTML, negotiate

PIP_ACCEPT = (
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, "
    "text/html; q=0.01"
)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, TEXT_HTML),
        ("", TEXT_HTML),
        # Only a wildcard: HTML, as PyPI answers curl, wrk and older tools.
        ("*/*", TEXT_HTML),
        ("*/*;q=0.8", TEXT_HTML),
        ("application/*", HTML_V1),
        ("text/*", TEXT_HTML),
        (f"{JSON_V1}, */*", JSON_V1),
        (f"*/*, {JSON_V1}", JSON_V1),
        (f"{JSON_V1};q=0.5, */*", TEXT_HTML),
        (PIP_ACCEPT, JSON_V1),
        ("text/html", TEXT_HTML),
        ("application/vnd.pypi.simple.v1+html", HTML_V1),
        ("application/vnd.pypi.simple.latest+json", JSON_V1),
        ("application/vnd.pypi.simple.latest+html", HTML_V1),
        ("application/vnd.pypi.simple.v1+json;q=0.2, text/html;q=0.9", TEXT_HTML),
        ("text/*;q=0.5, application/vnd.pypi.simple.v1+json;q=0.4", TEXT_HTML),
        ("text/html, */*;q=0.1", TEXT_HTML),
        ("application/vnd.pypi.simple.v1+json;q=0, text/html", TEXT_HTML),
    ],
)
def test_accept_header(accept: str | None, expected: str) -> None:
    assert negotiate(accept).content_type == expected


@pytest.mark.parametrize(
    "accept",
    ["application/xml", "application/vnd.pypi.simple.v2+json", "*/*;q=0", "image/png, text/plain"],
)
def test_nothing_acceptable(accept: str) -> None:
    with pytest.raises(NotAcceptable, match="is served here"):
        negotiate(accept)


def test_format_override_wins() -> None:
    assert negotiate("text/html", JSON_V1).content_type == JSON_V1
    assert negotiate(None, "json").kind == "json"
    assert negotiate(None, "application/vnd.pypi.simple.v1 json").content_type == JSON_V1
    assert negotiate(JSON_V1, "html").content_type == HTML_V1
    with pytest.raises(NotAcceptable, match="format 'yaml'"):
        negotiate(None, "yaml")
