"""Storage quotas and per-token rate limits on a live `registry serve`, with real twine."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.support.live_registry import clean_env, free_port, run, start_serve, stop_serve, tool
from tests.support.wheels import wheel

pytestmark = pytest.mark.functional


def registry(data: Path, *args: str) -> str:
    return run([tool("registry"), *args, "--data-dir", str(data)]).stdout.strip()


def twine(base: str, token: str, path: Path):  # type: ignore[no-untyped-def]
    return run(
        [tool("twine"), "upload", "--disable-progress-bar", "--repository-url", base,
         "-u", "__token__", "-p", token, str(path)],
        check=False,
    )  # fmt: skip


@pytest.mark.redis
def test_quota_refuses_the_file_that_would_overflow_and_rate_limits_answer_429(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    registry(data, "migrate")
    registry(data, "repo", "create", "team")
    registry(data, "repo", "create", "other")
    publish = registry(data, "token", "create", "--repo", "team", "--scope", "publish")
    reader = registry(data, "token", "create", "--repo", "team", "--scope", "read")
    other = registry(data, "token", "create", "--repo", "other", "--scope", "publish")
    files = []
    for version in ("1.0", "2.0", "3.0"):
        name, content = wheel("quota-pkg", version, "x" * 200)
        (tmp_path / name).write_bytes(content)
        files.append((tmp_path / name, len(content)))
    quota = files[0][1] + files[1][1] + 10  # room for two files, not three
    env = clean_env(
        REGISTRY_REPO_QUOTAS=f"team={quota}",
        REGISTRY_RATE_LIMIT="40/minute",
        # One count for both workers (memory:// would count per worker).
        REGISTRY_RATE_LIMIT_STORAGE="redis://127.0.0.1:6379/0",
    )
    port = free_port()
    proc = start_serve(data, port, tmp_path / "serve.log", workers=2, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for path, _size in files[:2]:
            result = twine(f"{base}/team/", publish, path)
            assert result.returncode == 0, result.stdout + result.stderr
        refused = twine(f"{base}/team/", publish, files[2][0])
        said = " ".join((refused.stdout + refused.stderr).split())
        assert refused.returncode != 0
        assert "413" in said and "over its storage quota" in said and "REGISTRY_REPO_QUOTAS" in said
        # Another repository has its own (unlimited) quota.
        assert twine(f"{base}/other/", other, files[2][0]).returncode == 0
        listing = requests.get(f"{base}/team/simple/quota-pkg/", auth=("__token__", reader),
                               headers={"Accept": "application/vnd.pypi.simple.v1+json"},
                               timeout=30).json()  # fmt: skip
        assert sorted(f["filename"].split("-")[1] for f in listing["files"]) == ["1.0", "2.0"]

        # Rate limits: the reader's budget runs out (counted over both workers) ...
        statuses = []
        for _ in range(45):
            reply = requests.get(f"{base}/team/simple/", auth=("__token__", reader), timeout=30)
            statuses.append(reply.status_code)
            if reply.status_code == 429:
                break
        assert statuses[-1] == 429, statuses
        assert 35 <= len(statuses) <= 41  # ~40 allowed, minus the uploads' own requests
        assert int(reply.headers["Retry-After"]) > 0
        assert "Too Many Requests" in reply.reason
        # ... while another token still gets through, and health never counts.
        assert requests.get(f"{base}/other/simple/", auth=("__token__", other), timeout=30).ok
        assert requests.get(f"{base}/health", timeout=30).ok
    finally:
        stop_serve(proc)
