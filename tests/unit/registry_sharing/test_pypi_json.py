import json
from datetime import UTC, datetime

import pytest

from registry.core.pypi_json import (
    JsonFile,
    JsonRelease,
    ReleaseNotFound,
    core_metadata_fields,
    latest_release,
    packagetype,
    project_json,
    python_version,
)

WHEN = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)


def _file(name, **kw):
    return JsonFile(
        filename=name,
        url=f"http://h/r/files/{name}",
        size=10,
        sha256="ab" * 32,
        upload_time=WHEN,
        **kw,
    )


RELEASES = [
    JsonRelease(
        "1.0",
        [
            _file("acme_utils-1.0.tar.gz", md5="m" * 32),
            _file("acme_utils-1.0-py3-none-any.whl", blake2b_256="b" * 64),
        ],
        metadata={
            "summary": "Utilities",
            "requires_dist": ["requests>=2"],
            "requires_python": ">=3.9",
            "classifiers": ["X :: Y"],
        },
    ),
    JsonRelease(
        "2.0",
        [_file("acme_utils-2.0.tar.gz", yanked=True, yanked_reason="bad")],
        yanked=True,
        yanked_reason="bad",
    ),
    JsonRelease("3.0rc1", [_file("acme_utils-3.0rc1.tar.gz")]),
    JsonRelease("10.0", [_file("acme_utils-10.0.tar.gz")]),
]


def test_project_document_shows_latest_stable_unyanked_and_every_release():
    doc = project_json("acme-utils", RELEASES, "http://h/r/pypi/acme-utils/")
    info = doc["info"]
    assert info["version"] == "10.0"
    assert info["release_url"] == "http://h/r/pypi/acme-utils/10.0/"
    assert info["requires_dist"] is None and info["requires_python"] == ""
    assert list(doc["releases"]) == ["1.0", "2.0", "3.0rc1", "10.0"]  # version order
    assert [f["filename"] for f in doc["urls"]] == ["acme_utils-10.0.tar.gz"]
    assert doc["vulnerabilities"] == [] and doc["last_serial"] == 0


def test_version_document_carries_metadata_and_full_file_shape():
    doc = project_json("acme-utils", RELEASES, "http://h/r/pypi/acme-utils/", version="1.0")
    assert "releases" not in doc
    info = doc["info"]
    assert info["summary"] == "Utilities"
    assert info["requires_dist"] == ["requests>=2"]
    assert info["requires_python"] == ">=3.9"
    assert info["classifiers"] == ["X :: Y"]
    wheel, sdist = doc["urls"]
    assert wheel["digests"] == {"sha256": "ab" * 32, "blake2b_256": "b" * 64}
    assert wheel["packagetype"] == "bdist_wheel" and wheel["python_version"] == "py3"
    assert wheel["md5_digest"] is None
    assert sdist["digests"]["md5"] == "m" * 32 and sdist["md5_digest"] == "m" * 32
    assert sdist["packagetype"] == "sdist" and sdist["python_version"] == "source"
    assert sdist["upload_time"] == "2024-05-06T07:08:09"
    assert sdist["upload_time_iso_8601"] == "2024-05-06T07:08:09.123456Z"
    assert sdist["yanked"] is False and sdist["yanked_reason"] is None
    assert sdist["url"] == "http://h/r/files/acme_utils-1.0.tar.gz" and sdist["size"] == 10


def test_yanked_version_document_and_equivalent_version_spelling():
    doc = project_json("acme-utils", RELEASES, "http://h/r/pypi/acme-utils/", version="2")
    assert doc["info"]["version"] == "2.0"
    assert (doc["info"]["yanked"], doc["info"]["yanked_reason"]) == (True, "bad")
    assert doc["urls"][0]["yanked_reason"] == "bad"


@pytest.mark.parametrize("missing", ["4.0", "not a version"])
def test_unknown_version_is_not_found(missing):
    with pytest.raises(ReleaseNotFound, match="no release"):
        project_json("acme-utils", RELEASES, "http://h/r/pypi/acme-utils/", version=missing)


def test_latest_falls_back_to_prerelease_then_to_yanked():
    pre = [JsonRelease("1.0", [], yanked=True), JsonRelease("2.0b1", [])]
    assert latest_release(pre).version == "2.0b1"
    assert latest_release([JsonRelease("1.0", [], yanked=True)]).version == "1.0"


def test_packagetype_and_python_version():
    assert packagetype("x-1.0.egg") == "bdist_egg"
    assert python_version("x-1.0-cp311-cp311-manylinux_2_17_x86_64.whl") == "cp311"


def test_core_metadata_fields_are_text_even_for_non_ascii_headers() -> None:
    # anyio's METADATA: a raw UTF-8 author made the release JSON answer 500 (an email Header
    # object reached json.dumps).
    raw = (
        "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"
        "Author-email: Alex Grönholm <alex.gronholm@nextday.fi>\nKeywords: a,b\n"
        "Platform: any\nPlatform: linux\nRequires-Dist: idna>=2.8\n"
        "Project-URL: Source, https://example.org/src\n\nBeskrivning på svenska ✓\n"
    ).encode()
    fields = core_metadata_fields(raw)
    assert fields["author_email"] == "Alex Grönholm <alex.gronholm@nextday.fi>"
    assert fields["keywords"] == "a, b" and fields["platform"] == "any"
    assert fields["requires_dist"] == ["idna>=2.8"]
    assert fields["project_urls"] == {"Source": "https://example.org/src"}
    assert fields["description"] == "Beskrivning på svenska ✓\n"
    json.dumps(fields)
