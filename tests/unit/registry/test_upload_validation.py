import hashlib
import io

import pytest

from registry.core.filenames import parse_dist_filename
from registry.core.upload import Digests, UploadForm, check_core_metadata, check_form

BODY = b"pretend wheel bytes"
DIGESTS = Digests.of_stream(io.BytesIO(BODY))


def form(**overrides) -> UploadForm:
    values = {
        "action": "file_upload",
        "protocol_version": "1",
        "filename": "demo_pkg-1.0-py3-none-any.whl",
        "filetype": "bdist_wheel",
        "sha256_digest": hashlib.sha256(BODY).hexdigest(),
        "fields": {"name": ["demo-pkg"], "version": ["1.0"]},
    }
    values.update(overrides)
    return UploadForm(**values)


def test_digests_of_stream() -> None:
    assert DIGESTS.sha256 == hashlib.sha256(BODY).hexdigest()
    assert DIGESTS.blake2_256 == hashlib.blake2b(BODY, digest_size=32).hexdigest()
    assert DIGESTS.size == len(BODY)


def test_valid_form_has_no_problems() -> None:
    problems, dist = check_form(form(), DIGESTS)
    assert problems == []
    assert dist is not None and dist.name == "demo-pkg"


def test_md5_only_from_older_clients_is_accepted() -> None:
    problems, _ = check_form(form(sha256_digest=None, md5_digest=DIGESTS.md5), DIGESTS)
    assert problems == []


def test_every_problem_is_reported_at_once() -> None:
    bad = form(
        action="submit",
        sha256_digest="0" * 64,
        blake2_256_digest="f" * 64,
        fields={"name": ["other"], "version": ["2.0"]},
    )
    problems, _ = check_form(bad, DIGESTS)
    text = "\n".join(problems)
    assert "':action' must be 'file_upload'" in text
    assert "'sha256_digest'" in text and "'blake2_256_digest'" in text
    assert "does not match the project in the filename" in text
    assert "does not match the version in the filename" in text
    assert len(problems) == 5


def test_missing_digest_and_fields() -> None:
    problems, _ = check_form(form(sha256_digest=None, fields={}), DIGESTS)
    assert any("at least one of 'sha256_digest'" in p for p in problems)
    assert any("'name' field is missing" in p for p in problems)
    assert any("'version' field is missing" in p for p in problems)


def test_bad_filename_is_a_problem_not_a_crash() -> None:
    problems, dist = check_form(form(filename="../../x-1.0-py3-none-any.whl"), DIGESTS)
    assert dist is None
    assert any("not a plain file name" in p for p in problems)


def test_filetype_must_match_filename() -> None:
    problems, _ = check_form(form(filetype="sdist"), DIGESTS)
    assert any("'filetype'" in p for p in problems)


def test_core_metadata_matches(metadata_factory) -> None:
    dist = parse_dist_filename("demo_pkg-1.0-py3-none-any.whl")
    problems, meta = check_core_metadata(metadata_factory().encode(), dist, form())
    assert problems == []
    assert meta is not None
    assert (meta.name, meta.version, meta.requires_python) == ("demo-pkg", "1.0", ">=3.8")


def test_core_metadata_name_and_version_mismatch(metadata_factory) -> None:
    dist = parse_dist_filename("demo_pkg-1.0-py3-none-any.whl")
    raw = metadata_factory("other", "2.0").encode()
    problems, meta = check_core_metadata(raw, dist, form())
    assert meta is None
    assert len(problems) == 2
    assert "names the project 'other'" in problems[0]
    assert "has version 2.0" in problems[1]


def test_invalid_core_metadata_collects_all_errors() -> None:
    dist = parse_dist_filename("demo_pkg-1.0-py3-none-any.whl")
    raw = (
        b"Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\n"
        b"Requires-Python: >=>3\nRequires-Dist: not a valid (requirement\n\n"
    )
    problems, meta = check_core_metadata(raw, dist, form())
    assert meta is None
    assert len(problems) == 2
    assert all(p.startswith("METADATA:") for p in problems)


def test_direct_url_dependencies_refused() -> None:
    dist = parse_dist_filename("demo_pkg-1.0-py3-none-any.whl")
    raw = (
        b"Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\n"
        b"Requires-Dist: evil @ https://example.invalid/evil.whl\n\n"
    )
    problems, _ = check_core_metadata(raw, dist, form())
    assert problems == [
        "METADATA: requires-dist: Can't have direct dependency: "
        "evil @ https://example.invalid/evil.whl"
    ]


WHEEL = parse_dist_filename("demo_pkg-1.0-py3-none-any.whl")


def check(headers: str, body: str = "") -> tuple[list[str], object]:
    raw = f"Name: demo-pkg\nVersion: 1.0\n{headers}\n{body}".encode()
    return check_core_metadata(raw, WHEEL, form())


# Fields real build tools wrote before the declared Metadata-Version admitted them: PyPI serves
# these files (and twine drops License-File below 2.4 so that PyPI takes setuptools' files).
@pytest.mark.parametrize(
    "headers",
    [
        "Metadata-Version: 2.1\nLicense-File: LICENSE\nLicense-File: NOTICE",  # setuptools 56-76
        "Metadata-Version: 2.3\nLicense-Expression: MIT",  # hatchling before 1.27
        "Metadata-Version: 1.0\nClassifier: Programming Language :: Python",  # old setuptools
        "Metadata-Version: 1.1\nDescription-Content-Type: text/markdown",  # setuptools 36-38
        "Metadata-Version: 2.0\nProvides-Extra: socks\nRequires-Dist: PySocks; extra == 'socks'",
        "Metadata-Version: 2.2\nDynamic: license-file\nLicense-File: LICENSE",  # setuptools 75
        "Metadata-Version: 2.5\nImport-Name: demo_pkg",
        "Metadata-Version: 2.1\nX-Custom-Field: ours\nPrivate-Build: 7",  # unknown fields
        "Metadata-Version: 1.1\nHome-page: UNKNOWN\nAuthor-email: UNKNOWN\nLicense: UNKNOWN",
        "Metadata-Version: 1.0",  # every optional field missing
    ],
)
def test_metadata_real_tools_wrote_is_accepted(headers: str) -> None:
    problems, meta = check(headers)
    assert problems == [] and meta is not None


def test_non_ascii_description_and_metadata_version_are_kept() -> None:
    problems, meta = check(
        "Metadata-Version: 2.0\nAuthor: Łukasz Język\nSummary: Ünïcödé ✓", "Беларуская 説明 🐍\n"
    )
    assert problems == []
    assert meta.metadata_version == "2.0" and meta.summary == "Ünïcödé ✓"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("headers", "problem"),
    [
        # PyPI's reasons, word for word where PyPI has words for it.
        ("Metadata-Version: 3.0",
         "METADATA: metadata-version: '3.0' is not a valid metadata version"),
        ("Metadata-Version: 2.6", "METADATA: '2.6' is not a valid metadata version"),
        ("Metadata-Version: 2.1\nSummary: " + "s" * 513,
         "METADATA: 'summary' field must be 512 characters or less."),
        ("Metadata-Version: 2.1\nProject-URL: " + "L" * 33 + ", https://example.org",
         f"METADATA: project-url: {'L' * 33!r} must be 32 characters or less."),
        ("Metadata-Version: 2.4\nLicense: MIT License\nLicense-Expression: MIT",
         "METADATA: license: License is deprecated when License-Expression is present. "
         "Only License-Expression should be present."),
        ("Metadata-Version: 2.1\nProvides-Dist: other @ https://example.invalid/o.whl",
         "METADATA: provides-dist: Can't have direct dependency: "
         "'other @ https://example.invalid/o.whl'"),
        ("Metadata-Version: 2.1\nName: second-name", "METADATA: 'name' has invalid data"),
        ("Metadata-Version: 2.4\nLicense-Expression: Not A License ((",
         "METADATA: license-expression: "),
        ("Metadata-Version: 2.1\nDescription-Content-Type: text/html",
         "METADATA: description-content-type: "),
    ],
)  # fmt: skip
def test_what_pypi_refuses_is_refused_with_its_reason(headers: str, problem: str) -> None:
    problems, meta = check(headers)
    assert meta is None
    assert any(p.startswith(problem) for p in problems), problems


def test_license_files_of_metadata_2_4_must_be_in_the_archive() -> None:
    from registry.core.upload import missing_license_files

    raw = b"Metadata-Version: 2.4\nName: demo-pkg\nVersion: 1.0\nLicense-File: LICENSE\n\n"
    _, meta = check_core_metadata(raw, WHEEL, form())
    assert meta is not None and meta.license_files == ("LICENSE",)
    inside = frozenset({"demo_pkg-1.0.dist-info/licenses/LICENSE"})
    assert missing_license_files(meta, WHEEL, inside) == []
    assert missing_license_files(meta, WHEEL, frozenset({"LICENSE"})) == [
        "License-File LICENSE does not exist in distribution file "
        "demo_pkg-1.0-py3-none-any.whl at demo_pkg-1.0.dist-info/licenses/LICENSE"
    ]
    sdist = parse_dist_filename("Demo-Pkg-1.0.tar.gz")
    _, meta = check_core_metadata(raw, sdist, form())
    assert meta is not None
    assert missing_license_files(meta, sdist, frozenset({"Demo-Pkg-1.0/LICENSE"})) == []
    assert missing_license_files(meta, sdist, frozenset({"Demo-Pkg-1.0/PKG-INFO"})) != []


def test_license_files_below_2_4_are_not_held_to_the_archive() -> None:
    # setuptools 56-76 wrote License-File: LICENSE for a file it put elsewhere in the wheel.
    raw = b"Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\nLicense-File: LICENSE\n\n"
    _, meta = check_core_metadata(raw, WHEEL, form())
    assert meta is not None and meta.license_files == ()
