import hashlib
import io

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
    assert any("direct URL" in p for p in problems)
