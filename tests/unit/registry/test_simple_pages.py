import json
from datetime import UTC, datetime

from registry.core.model import FileRecord
from registry.core.simple import (
    index_page,
    project_page,
    render_index_html,
    render_json,
    render_project_html,
)

WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def rec(filename: str, version: str, **kw) -> FileRecord:
    values = {
        "id": 1,
        "repository": "team",
        "project_name": "Demo_Pkg",
        "normalized": "demo-pkg",
        "version": version,
        "filename": filename,
        "kind": "bdist_wheel" if filename.endswith(".whl") else "sdist",
        "sha256": "a" * 64,
        "blake2_256": "b" * 64,
        "md5": "c" * 32,
        "size": 1234,
        "upload_time": WHEN,
        "requires_python": ">=3.8",
        "blob_key": "k",
        "metadata_sha256": None,
        "metadata_blob_key": None,
    }
    values.update(kw)
    return FileRecord(**values)


FILES = [
    rec(
        "demo_pkg-10.0-py3-none-any.whl",
        "10.0",
        metadata_sha256="d" * 64,
        yanked=True,
        yanked_reason='broken <"x">',
    ),
    rec("demo_pkg-9.0.tar.gz", "9.0", requires_python=None),
    rec("demo_pkg-9.0-py3-none-any.whl", "9.0", metadata_sha256="e" * 64, yanked=True),
]


def page():
    return project_page("demo-pkg", FILES, lambda f: f"/team/files/{f.filename}")


def test_json_detail_is_pep691_v1_1_with_pep700_fields() -> None:
    data = json.loads(render_json(page()))
    assert data["meta"] == {"api-version": "1.1"}
    assert data["name"] == "demo-pkg"
    assert data["versions"] == ["9.0", "10.0"]  # PEP 440 order, not string order
    first = data["files"][0]
    assert first["filename"] == "demo_pkg-9.0-py3-none-any.whl"
    assert first["hashes"] == {"sha256": "a" * 64}
    assert first["size"] == 1234
    assert first["upload-time"] == "2026-03-04T05:06:07.000000Z"
    assert first["core-metadata"] == {"sha256": "e" * 64}
    assert first["yanked"] is True
    assert "dist-info-metadata" not in first
    sdist = data["files"][1]
    assert "core-metadata" not in sdist and sdist["yanked"] is False
    assert sdist["requires-python"] is None
    assert data["files"][2]["yanked"] == 'broken <"x">'


def test_html_detail_attributes_are_escaped() -> None:
    html = render_project_html(page()).decode()
    assert '<meta name="pypi:repository-version" content="1.1">' in html
    assert (
        '<a href="/team/files/demo_pkg-10.0-py3-none-any.whl#sha256=' + "a" * 64 + '" '
        'data-requires-python="&gt;=3.8" data-yanked="broken &lt;&quot;x&quot;&gt;" '
        f'data-core-metadata="sha256={"d" * 64}" data-dist-info-metadata="sha256={"d" * 64}">'
    ) in html
    assert 'data-yanked=""' in html  # yanked without a reason
    sdist_line = next(line for line in html.splitlines() if "demo_pkg-9.0.tar.gz<" in line)
    assert "data-requires-python" not in sdist_line and "data-yanked" not in sdist_line
    assert "data-core-metadata" not in sdist_line


def test_index_page() -> None:
    data = index_page(["zeta", "Alpha", "zeta"])
    assert data["meta"] == {"api-version": "1.1"}
    assert data["projects"] == [{"name": "Alpha"}, {"name": "zeta"}]
    html = render_index_html(data, lambda n: f"{n.lower()}/").decode()
    assert '<a href="alpha/">Alpha</a>' in html
