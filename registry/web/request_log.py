"""Request ids and logs: every request gets an id (a sane incoming ``X-Request-ID`` is kept,
anything else is replaced), returned as ``X-Request-ID`` and attached to every log record
written while the request runs; one access line per request, in plain text or JSON
(REGISTRY_LOG_FORMAT / ``serve --log-format``). Tokens never reach a log: every formatted
line passes through ``redact``.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
# A registry token (cyr_<key id>_<secret>): the key id may be logged, the secret never.
_TOKEN = re.compile(r"(cyr_[0-9a-f]{16})_[A-Za-z0-9_-]+")
# Credentials in URLs (https://user:secret@host) and Authorization header values.
_URL_CREDENTIALS = re.compile(r"(://[^/:@\s]+):[^@\s/]+@")
_AUTH_VALUE = re.compile(
    r"(?i)((?:authorization|password)[\"']?\s*[:=]\s*[\"']?)(basic|bearer)?\s*[^\s\"',}]+"
)

access_log = logging.getLogger("registry.access")


def redact(text: str) -> str:
    text = _TOKEN.sub(r"\1_***", text)
    text = _URL_CREDENTIALS.sub(r"\1:***@", text)
    return _AUTH_VALUE.sub(lambda m: m.group(1) + (m.group(2) or "") + " ***", text)


def current_request_id() -> str | None:
    if has_request_context():
        return g.get("request_id")
    return None


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id() or "-"
        return True


class PlainFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = "-"
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and the
    structured fields a record carries in ``extra={"fields": {...}}``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or "-",
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, default=str))


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """A dictConfig for gunicorn's and the registry's loggers, all on stderr."""
    formatter = "json" if log_format == "json" else "plain"
    handler = {
        "class": "logging.StreamHandler",
        "formatter": formatter,
        "filters": ["request_id"],
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"plain": {"()": PlainFormatter}, "json": {"()": JsonFormatter}},
        "handlers": {"stderr": handler},
        "root": {"level": level.upper(), "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level.upper(), "handlers": ["stderr"], "propagate": False},
            # The registry writes its own access line (with the request id) instead.
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }


def request_id_from(incoming: str) -> str:
    """The client's X-Request-ID when it is sane, else a fresh one."""
    return incoming if incoming and _SANE_ID.match(incoming) else uuid.uuid4().hex


def _begin() -> None:
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER, ""))
    g.request_log_started = time.perf_counter()


def log_access(
    request_id: str,
    method: str,
    path: str,  # never the query string or headers: no credentials
    protocol: str,
    status: int,
    length: int | None,
    millis: float | None,
    remote_addr: str | None,
    user_agent: str,
    route: str | None,
) -> None:
    """The one access line of a request (web/hot_path.py writes it for the answers it gives)."""
    if not access_log.isEnabledFor(logging.INFO):
        return
    user_agent = user_agent[:200]
    fields = {
        "event": "request",
        "method": method,
        "path": path,
        "route": route,
        "status": status,
        "duration_ms": millis,
        "bytes": length,
        "remote_addr": remote_addr,
        "user_agent": user_agent,
    }
    # Common-log shape ("GET /path HTTP/1.1" status bytes) so existing log tooling reads it.
    access_log.info(
        '%s "%s %s %s" %s %s %sms "%s"',
        remote_addr or "-",
        method,
        path,
        protocol,
        status,
        length if length is not None else "-",
        millis,
        user_agent,
        extra={"fields": fields, "request_id": request_id},
    )


def _finish(response: Response) -> Response:
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_log_started")
    millis = round((time.perf_counter() - started) * 1000, 1) if started else None
    rule = request.url_rule
    log_access(
        request_id,
        request.method,
        request.path,
        request.environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
        response.status_code,
        response.content_length,
        millis,
        request.remote_addr,
        request.user_agent.string,
        rule.rule if rule is not None else None,
    )
    return response


def install(app: Flask) -> None:
    app.before_request(_begin)
    app.after_request(_finish)
