"""The UI's pure parts: README cleaning and the install snippets."""

from __future__ import annotations

from registry.web.ui.readme import render_description
from registry.web.ui.snippets import install_snippets


def test_markdown_readme_keeps_formatting_and_drops_active_content() -> None:
    html = render_description(
        "# Title\n\n**bold** <script>alert(1)</script> <img src=x onerror=alert(1)>"
        " [x](javascript:alert(1))",
        "text/markdown",
    )
    assert html is not None
    assert "<h1" in html and ">Title<" in html and "<strong>bold</strong>" in html
    lowered = html.lower()
    assert "<script" not in lowered and "onerror" not in lowered and "javascript:" not in lowered


def test_rst_is_the_default_and_broken_rst_falls_back_to_plain_text() -> None:
    assert "<h1" in str(render_description("Title\n=====\n\ntext\n", None))
    assert "&lt;b&gt;" in str(render_description("`unclosed <b>\n", "text/x-rst"))
    assert render_description("   ", "text/plain") is None


def test_private_snippets_carry_a_placeholder_public_ones_no_credentials() -> None:
    private = {s.title: s.text for s in install_snippets("https://pkgs.example", "team", False)}
    assert private["pip"] == (
        'pip install --index-url "https://__token__:$TOKEN@pkgs.example/team/simple/" PACKAGE'
    )
    assert "repository = https://pkgs.example/team/" in private[".pypirc"]
    assert private["twine upload"].startswith(
        "twine upload --repository-url https://pkgs.example/team/"
    )
    public = {
        s.title: s.text for s in install_snippets("https://pkgs.example/", "open", True, "acme")
    }
    assert public["pip"] == 'pip install --index-url "https://pkgs.example/open/simple/" acme'
    assert "@" not in public["pip.conf"] and "@" not in public["uv.toml"]
