"""The web UI in a real browser (system Chromium via Playwright) against a live gunicorn."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from tests.support.wheels import wheel

from .conftest import ARTIFACTS, LiveUI, twine_upload

pytestmark = pytest.mark.functional


def log_in(page, live_ui: LiveUI, token: str, path: str = "/") -> None:  # type: ignore[no-untyped-def]
    page.goto(live_ui.base + "/-/ui/login?next=" + path)
    page.fill("input[name=token]", token)
    page.click("button:has-text('Log in')")


def test_anonymous_visitor_sees_public_repositories_only(page, live_ui: LiveUI) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(live_ui.base + "/")
    assert response.status == 200
    assert page.locator("table.list a", has_text="open").count() == 1
    assert page.locator("text=team").count() == 0

    for path in ("/team/", "/team/project/acme-widgets/", "/no-such-repo/"):
        response = page.goto(live_ui.base + path)
        # A private repository and a missing one look the same: a login form, nothing else.
        assert response.status == 401, path
        assert page.locator("input[name=token]").count() == 1
        assert "widgets" not in page.inner_text("main").lower()

    response = page.goto(live_ui.base + "/open/")
    assert response.status == 200
    assert page.locator("a", has_text="open-thing").count() == 1
    assert page.locator("form[action*='/tokens']").count() == 0  # no admin forms anonymously


def test_project_page_renders_readme_without_running_its_scripts(page, live_ui: LiveUI) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(page, live_ui, live_ui.read_token, "/team/")
    assert page.url == live_ui.base + "/team/"
    page.fill("input[name=q]", "widg")
    page.click("button:has-text('Search')")
    page.click("a:has-text('acme-widgets')")
    assert page.url.endswith("/team/project/acme-widgets/")

    # The README is rendered (markdown → HTML) ...
    assert page.locator(".readme-body h1", has_text="Acme widgets").count() == 1
    assert page.locator(".readme-body strong", has_text="everyone").count() == 1
    # ... and none of its hostile markup survives or runs.
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".readme-body script, .readme-body iframe").count() == 0
    assert page.locator(".readme-body [onerror]").count() == 0
    assert page.locator(".readme-body a[href^='javascript']").count() == 0
    link = page.locator(".readme-body a", has_text="click me")
    if link.count():  # the cleaner keeps the text and drops the javascript: href
        link.click()
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []

    # Versions newest first, files with sizes, hashes and upload times, status badges.
    headings = page.locator(".release h3").all_inner_texts()
    assert headings[0].startswith("1.1") and headings[1].startswith("1.0")
    assert "published" in headings[0]
    file_row = page.locator(".release").first.locator("tbody tr").first
    cells = file_row.locator("td").all_inner_texts()
    assert cells[0] == "acme_widgets-1.1-py3-none-any.whl"
    assert re.fullmatch(r"\d+(\.\d)? (B|KiB)", cells[1])
    assert re.fullmatch(r"[0-9a-f]{64}", cells[2])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", cells[3])
    # Origin controls: the first publish blocked upstream versions of this name.
    assert "block" in page.locator("section.origin").inner_text()
    # Install commands for every client, the token left as a placeholder.
    snippets = page.locator("pre.snippet").all_inner_texts()
    assert any(s.startswith("pip install --index-url") and "acme-widgets" in s for s in snippets)
    assert any("uv pip install" in s for s in snippets)
    assert any("[global]" in s for s in snippets)  # pip.conf
    assert any("[[index]]" in s for s in snippets)  # uv.toml
    assert any("[distutils]" in s for s in snippets)  # .pypirc
    assert any(s.startswith("twine upload --repository-url") for s in snippets)
    assert live_ui.read_token not in page.content()
    # A read token gets no admin forms and no audit trail.
    assert page.locator("form[action*='/status']").count() == 0

    # The download link serves the file the page describes.
    href = page.locator(".release").first.locator("tbody a").first.get_attribute("href")
    got = requests.get(live_ui.base + href, auth=("__token__", live_ui.read_token), timeout=30)
    assert got.ok and got.content[:2] == b"PK"


def test_session_cookie_is_http_only_and_same_site(page, live_ui: LiveUI) -> None:  # type: ignore[no-untyped-def]
    log_in(page, live_ui, live_ui.read_token, "/team/")
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["codeyard_session"]
    assert session["httpOnly"] is True
    assert session["sameSite"] == "Lax"
    assert session["secure"] is False  # plain http here; see the TLS check below
    assert page.evaluate("document.cookie") == ""  # scripts cannot read it

    # Behind nginx (X-Forwarded-Proto from 127.0.0.1, which gunicorn trusts) it is Secure.
    login_page = requests.get(live_ui.base + "/-/ui/login", timeout=30)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login_page.text).group(1)  # type: ignore[union-attr]
    reply = requests.post(
        live_ui.base + "/-/ui/login",
        data={"token": live_ui.read_token, "csrf_token": csrf},
        cookies=login_page.cookies,
        headers={"X-Forwarded-Proto": "https", "Referer": live_ui.base.replace("http:", "https:")},
        allow_redirects=False,
        timeout=30,
    )
    assert reply.status_code == 303, reply.text
    assert "; Secure" in reply.headers["Set-Cookie"]


def test_forms_without_the_csrf_token_are_refused(page, live_ui: LiveUI) -> None:  # type: ignore[no-untyped-def]
    log_in(page, live_ui, live_ui.admin_token, "/team/")
    cookie = {c["name"]: c["value"] for c in page.context.cookies()}
    forged = requests.post(
        f"{live_ui.base}/-/ui/team/tokens",
        data={"scope": "admin", "expires": "30d"},
        cookies=cookie,
        allow_redirects=False,
        timeout=30,
    )
    assert forged.status_code == 400
    assert "CSRF" in forged.text
    assert "cyr_" not in forged.text


def test_admin_manages_tokens_upstreams_origin_statuses_and_webhooks(page, live_ui: LiveUI) -> None:  # type: ignore[no-untyped-def]
    log_in(page, live_ui, live_ui.admin_token, "/team/")
    assert page.url == live_ui.base + "/team/"

    # A new read token, shown once, that pip-style Basic auth accepts at once.
    page.select_option("select[name=scope]", "read")
    page.fill("input[name=description]", "from the browser")
    page.click("button:has-text('Create token')")
    new_token = page.inner_text("#new-token").strip()
    assert new_token.startswith("cyr_")
    index = f"{live_ui.base}/team/simple/"
    assert requests.get(index, auth=("__token__", new_token), timeout=30).status_code == 200
    page.click("a:has-text('Back to team')")
    row = page.locator("tr", has_text="from the browser")
    row.locator("button:has-text('Revoke')").click()
    assert "revoked" in page.locator(".flash").inner_text()
    assert requests.get(index, auth=("__token__", new_token), timeout=30).status_code == 401

    # Upstream: team → open (this admin token must be able to read "open": it is public).
    page.fill("input[name=upstream]", "open")
    page.click("button:has-text('Add upstream')")
    assert "Upstreams of team: open" in page.locator(".flash").inner_text()
    assert page.locator("a", has_text="open-thing").count() == 1  # listed through the upstream
    # A refused change says why and changes nothing.
    page.fill("input[name=upstream]", "team")
    page.click("button:has-text('Add upstream')")
    assert page.locator(".flash.error").count() == 1

    # Webhooks: a short secret is refused with the service's message; a good one is added.
    page.fill("form[action$='/webhooks'] input[name=url]", "http://127.0.0.1:9/hook")
    page.fill("form[action$='/webhooks'] input[name=secret]", "short")
    page.click("button:has-text('Add webhook')")
    assert "16 characters" in page.locator(".flash.error").inner_text()
    page.fill("form[action$='/webhooks'] input[name=url]", "http://127.0.0.1:9/hook")
    page.fill("form[action$='/webhooks'] input[name=secret]", "a-long-enough-signing-secret")
    page.click("button:has-text('Add webhook')")
    assert page.locator("li", has_text="http://127.0.0.1:9/hook").count() == 1
    page.locator("li", has_text="http://127.0.0.1:9/hook").locator("button").click()
    assert page.locator("li", has_text="http://127.0.0.1:9/hook").count() == 0

    # Status and origin controls on the project page, then the project's audit trail.
    page.goto(live_ui.base + "/team/project/acme-widgets/")
    release = page.locator(".release", has_text="1.0").last
    release.locator("select[name=status]").select_option("archived")
    release.locator("button:has-text('Set status')").click()
    assert "acme-widgets 1.0 is now archived" in page.locator(".flash").inner_text()
    page.goto(live_ui.base + "/team/project/acme-widgets/")
    assert "archived" in page.locator(".release").last.locator("h3").inner_text()
    reader = ("__token__", live_ui.read_token)
    simple = requests.get(index + "acme-widgets/", auth=reader, timeout=30)
    assert "acme_widgets-1.0-" not in simple.text  # archived: no longer served to installers
    page.select_option("select[name=upstream]", "allow")
    page.click("button:has-text('Save origin controls')")
    assert "upstream allow" in page.locator(".flash").inner_text()
    audit = page.locator("section.audit").inner_text()
    for action in ("file.publish", "release.status", "package.origin.set"):
        assert action in audit
    page.set_viewport_size({"width": 1100, "height": 760})
    page.goto(live_ui.base + "/team/project/acme-widgets/")
    page.screenshot(path=str(ARTIFACTS / "admin-project.png"))  # the README's picture


def test_home_and_repository_urls_answer_browsers_and_twine_alike(  # type: ignore[no-untyped-def]
    page, live_ui: LiveUI, tmp_path: Path
) -> None:
    assert page.goto(live_ui.base + "/open/").headers["content-type"].startswith("text/html")
    name, content = wheel("open-thing", "0.2")
    path = tmp_path / name
    path.write_bytes(content)
    # twine aimed at the simple index: a 405 whose message names the upload URL.
    wrong = twine_upload(f"{live_ui.base}/open/simple/", live_ui.other_token, path)
    assert wrong.returncode != 0
    said = " ".join((wrong.stdout + wrong.stderr).split())  # rich wraps twine's lines
    assert "405 Method Not Allowed" in said
    assert f"upload to {live_ui.base}/open/ (twine upload --repository-url" in said
    # twine at the repository URL (the same URL a browser opens) still uploads.
    right = twine_upload(f"{live_ui.base}/open/", live_ui.other_token, path)
    assert right.returncode == 0, right.stdout + right.stderr
    page.goto(live_ui.base + "/open/project/open-thing/")
    assert page.locator(".release h3").first.inner_text().startswith("0.2")
