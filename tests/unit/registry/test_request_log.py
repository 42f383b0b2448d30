"""Log redaction and formats: a token's secret never reaches a log line."""

from __future__ import annotations

import json
import logging

from registry.web.request_log import JsonFormatter, PlainFormatter, redact

SECRET_TOKEN = "cyr_0123456789abcdef_s3cr3t-s3cr3t-s3cr3t-s3cr3t"


def test_redact_keeps_the_key_id_and_drops_secrets() -> None:
    assert redact(f"token {SECRET_TOKEN} used") == "token cyr_0123456789abcdef_*** used"
    assert redact("https://__token__:hunter2@pkgs.example/simple/") == (
        "https://__token__:***@pkgs.example/simple/"
    )
    assert "abc123" not in redact("Authorization: Basic abc123")
    assert "abc123" not in redact('{"password": "abc123"}')


def record(message: str, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("registry.test", logging.INFO, __file__, 1, message, (), None)
    for key, value in extra.items():
        setattr(made, key, value)
    return made


def test_json_lines_carry_request_id_and_fields_without_secrets() -> None:
    line = JsonFormatter().format(
        record(f"saw {SECRET_TOKEN}", request_id="rid-1", fields={"status": 200})
    )
    entry = json.loads(line)
    assert entry["request_id"] == "rid-1" and entry["status"] == 200
    assert entry["level"] == "info" and entry["logger"] == "registry.test"
    assert "s3cr3t" not in line


def test_plain_lines_show_the_request_id() -> None:
    line = PlainFormatter().format(record("hello", request_id="rid-2"))
    assert "[rid-2] hello" in line
