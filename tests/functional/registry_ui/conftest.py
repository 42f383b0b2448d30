"""A live `registry serve` with two repositories and a project whose description carries
hostile markup, and a real browser: Debian's Chromium driven by Playwright (never a
downloaded browser build: the executable is the system's)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:  # `tests.support` is imported as a package from the repository root
    sys.path.insert(0, str(ROOT))

from tests.support.live_registry import (  # noqa: E402
    clean_env,
    free_port,
    run,
    start_serve,
    stop_serve,
    tool,
)
from tests.support.wheels import wheel  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts"  # gitignored: screenshots of every browser test
HOSTILE_README = """\
# Acme widgets

Widgets for **everyone**.

<script>window.__pwned = "script";</script>
<img src="x" onerror="window.__pwned = 'onerror'">
<a href="javascript:window.__pwned='link'">click me</a>
<iframe src="javascript:parent.__pwned='iframe'"></iframe>

```python
import acme_widgets
```
"""


@dataclass
class LiveUI:
    base: str
    data_dir: Path
    admin_token: str  # admin on the private repository "team"
    read_token: str  # read on "team"
    other_token: str  # admin on the public repository "open"


def registry(data_dir: Path, *args: str) -> str:
    return run([tool("registry"), *args, "--data-dir", str(data_dir)]).stdout.strip()


@pytest.fixture(scope="module")
def live_ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveUI]:
    root = tmp_path_factory.mktemp("ui")
    data = root / "data"
    registry(data, "migrate")
    registry(data, "repo", "create", "team")
    registry(data, "repo", "create", "open", "--public-read")
    tokens = [
        registry(data, "token", "create", "--repo", repo, "--scope", scope)
        for repo, scope in (("team", "admin"), ("team", "read"), ("open", "admin"))
    ]
    port = free_port()
    proc = start_serve(data, port, root / "serve.log", workers=2, env=clean_env())
    base = f"http://127.0.0.1:{port}"
    dist = root / "dist"
    dist.mkdir()
    for version in ("1.0", "1.1"):
        name, content = wheel("acme-widgets", version, HOSTILE_README, "Widgets for everyone")
        (dist / name).write_bytes(content)
    name, content = wheel("open-thing", "0.1", "Plain *text*.", "An open thing")
    (dist / name).write_bytes(content)
    try:
        for path in sorted(dist.iterdir()):
            repo, token = ("open", tokens[2]) if "open" in path.name else ("team", tokens[0])
            run([tool("twine"), "upload", "--disable-progress-bar", "--repository-url",
                 f"{base}/{repo}/", "-u", "__token__", "-p", token, str(path)])  # fmt: skip
        yield LiveUI(base, data, *tokens)
    finally:
        stop_serve(proc)


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = "Debian's chromium is not installed (apt-get install -y chromium)"
        (pytest.fail if os.environ.get("CI") else pytest.skip)(message)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as pw:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        instance = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh browser context per test (no shared cookies); its last screen is saved."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{request.node.name}.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}")
        except Exception as exc:  # a screenshot is a help, never the failure
            print(f"no screenshot: {exc}")
        context.close()


def twine_upload(base_url: str, token: str, path: Path) -> subprocess.CompletedProcess[str]:
    return run(
        [tool("twine"), "upload", "--disable-progress-bar", "--repository-url", base_url,
         "-u", "__token__", "-p", token, str(path)],
        check=False,
    )  # fmt: skip
