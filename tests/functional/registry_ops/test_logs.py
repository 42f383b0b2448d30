"""JSON logs of a live `registry serve`: one access line per request with its request id
(also returned as X-Request-ID), and no token secret anywhere in the log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from tests.support.live_registry import clean_env, free_port, run, start_serve, stop_serve, tool

pytestmark = pytest.mark.functional


def test_json_access_lines_with_request_ids_and_no_secrets(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run([tool("registry"), "migrate", "--data-dir", str(data)])
    run([tool("registry"), "repo", "create", "team", "--data-dir", str(data)])
    token = run(
        [tool("registry"), "token", "create", "--repo", "team", "--scope", "read",
         "--data-dir", str(data)]
    ).stdout.strip()  # fmt: skip
    secret = token.split("_", 2)[2]
    log_path = tmp_path / "serve.log"
    port = free_port()
    proc = start_serve(data, port, log_path, workers=2, env=clean_env(REGISTRY_LOG_FORMAT="json"))
    base = f"http://127.0.0.1:{port}"
    try:
        kept = requests.get(
            base + "/team/simple/",
            auth=("__token__", token),
            headers={"X-Request-ID": "deploy-check-42"},
            timeout=30,
        )
        assert kept.status_code == 200
        assert kept.headers["X-Request-ID"] == "deploy-check-42"
        replaced = requests.get(
            base + "/team/simple/", headers={"X-Request-ID": "x" * 300 + "\u00e9"}, timeout=30
        )
        assert replaced.status_code == 401
        new_id = replaced.headers["X-Request-ID"]
        assert len(new_id) == 32 and new_id != "x" * 300
        # A token in the URL (a misconfigured client) is not logged either.
        requests.get(f"{base}/team/simple/?token={token}", timeout=30)
    finally:
        stop_serve(proc)

    text = log_path.read_text()
    assert secret not in text
    entries = []
    for line in text.splitlines():
        if line.startswith("{"):
            entries.append(json.loads(line))
    access = [e for e in entries if e.get("event") == "request"]
    by_id = {e["request_id"]: e for e in access}
    assert by_id["deploy-check-42"]["status"] == 200
    assert by_id["deploy-check-42"]["route"] == "/<repo>/simple/"
    assert by_id["deploy-check-42"]["path"] == "/team/simple/"
    assert by_id[new_id]["status"] == 401
    # gunicorn's own lines (worker boots) are JSON as well.
    assert any(e["logger"] == "gunicorn.error" for e in entries)
