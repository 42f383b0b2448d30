"""GitHub's own descriptions, fetched with npm into a cache directory once per machine.

- `@octokit/openapi`: `generated/api.github.com.json`, GitHub's REST API description.
- `@octokit/webhooks-examples`: example webhook payloads GitHub publishes.

Versions are pinned so that a new release cannot change what the tests check. If npm or the
registry is unreachable this raises (tests fail loudly; they never skip).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

OPENAPI_VERSION = "23.0.2"
WEBHOOKS_EXAMPLES_VERSION = "7.6.1"
PACKAGES = [
    f"@octokit/openapi@{OPENAPI_VERSION}",
    f"@octokit/webhooks-examples@{WEBHOOKS_EXAMPLES_VERSION}",
]


def cache_dir() -> Path:
    base = os.environ.get("REVIEWBOT_TEST_NPM_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "codeyard-test-npm"
    )
    return Path(base) / f"openapi-{OPENAPI_VERSION}-examples-{WEBHOOKS_EXAMPLES_VERSION}"


def _installed(prefix: Path) -> bool:
    return (prefix / "node_modules/@octokit/openapi/generated/api.github.com.json").is_file() and (
        prefix / "node_modules/@octokit/webhooks-examples/api.github.com/index.json"
    ).is_file()


@cache
def npm_prefix() -> Path:
    prefix = cache_dir()
    if _installed(prefix):
        return prefix
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "npm is not installed: the GitHub fake needs it to fetch @octokit/openapi "
            "(install Node.js/npm, or set REVIEWBOT_TEST_NPM_CACHE to a prepared cache)"
        )
    partial = prefix.with_name(prefix.name + f".partial-{os.getpid()}")
    partial.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [npm, "install", "--prefix", str(partial), "--no-audit", "--no-fund",
         "--no-save", "--loglevel=error", *PACKAGES],
        capture_output=True, text=True, timeout=600, check=False,
    )
    if proc.returncode != 0 or not _installed(partial):
        shutil.rmtree(partial, ignore_errors=True)
        raise RuntimeError(f"npm install {' '.join(PACKAGES)} failed:\n{proc.stderr[-2000:]}")
    try:
        partial.rename(prefix)
    except OSError:  # another process won the race; use its copy
        shutil.rmtree(partial, ignore_errors=True)
    return prefix


@cache
def github_openapi() -> dict[str, Any]:
    path = npm_prefix() / "node_modules/@octokit/openapi/generated/api.github.com.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def webhook_examples() -> dict[str, list[dict[str, Any]]]:
    path = npm_prefix() / "node_modules/@octokit/webhooks-examples/api.github.com/index.json"
    return {entry["name"]: entry["examples"] for entry in json.loads(path.read_text("utf-8"))}
