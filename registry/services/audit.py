"""Reading the audit log: the ``--since`` / ``?since=`` filter."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime

from registry.core.errors import InvalidArgument
from registry.core.tokens import parse_duration


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """``--since``: a duration back from now (``90m``, ``12h``, ``7d``) or an ISO 8601 time."""
    value = text.strip()
    with suppress(ValueError):
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        delta = parse_duration(value)
    except InvalidArgument:
        delta = None
    if delta is None:
        raise InvalidArgument(
            f"--since {text!r} is neither a duration (e.g. 90m, 12h, 7d) nor an ISO 8601 time "
            "(e.g. 2026-01-31T12:00:00Z)"
        )
    return (now or datetime.now(UTC)) - delta
