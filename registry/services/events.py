"""Signed webhook delivery for package version events.

``EventDispatcher.dispatch`` returns at once: each (hook, event) delivery runs in a thread
pool, is signed with the hook's secret (``X-Registry-Signature-256: sha256=<hex HMAC-SHA256
of the body>``, as GitHub signs its webhooks) and retried with exponential backoff.  Every
attempt is handed to a ``DeliveryRecorder`` so failures are visible (the database
implementation stores them; ``registry webhook deliveries`` lists them).

Delivery is best effort within one process: the delivery threads are daemons, so deliveries
still queued when a worker exits are lost (the attempts made are recorded).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Registry-Signature-256"
EVENT_HEADER = "X-Registry-Event"
DELIVERY_HEADER = "X-Registry-Delivery"

# Event types for package version changes.
VERSION_PUBLISHED = "package_version.published"
VERSION_COPIED = "package_version.copied"
VERSION_YANKED = "package_version.yanked"
VERSION_UNYANKED = "package_version.unyanked"
VERSION_STATUS_CHANGED = "package_version.status_changed"
VERSION_DELETED = "package_version.deleted"
# A review attestation was recorded for one of the version's files.
VERSION_ATTESTED = "package_version.attested"


@dataclass(frozen=True)
class Event:
    type: str
    repository: str
    project: str
    version: str
    data: Mapping[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def payload(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "occurred_at": self.occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "repository": self.repository,
            "package": {"format": "pypi", "name": self.project, "version": self.version},
            "data": dict(self.data),
        }


@dataclass(frozen=True)
class Webhook:
    id: int
    repository: str
    url: str
    secret: str


@dataclass(frozen=True)
class DeliveryAttempt:
    webhook_id: int
    event_id: str
    event_type: str
    attempt: int
    delivered: bool
    status_code: int | None
    error: str | None
    final: bool  # no further attempt will follow
    at: datetime


class WebhookSender(Protocol):
    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> int:
        """POST and return the status code; raise OSError-like errors when no answer came."""
        ...


class DeliveryRecorder(Protocol):
    def record(self, attempt: DeliveryAttempt) -> None: ...


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, body), signature)


def encode(event: Event) -> bytes:
    return json.dumps(event.payload(), sort_keys=True, separators=(",", ":")).encode()


class RequestsSender:
    def __init__(self, timeout: tuple[float, float] = (3.0, 10.0)) -> None:
        import requests

        self._session = requests.Session()
        self._session.trust_env = False
        self._timeout = timeout

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> int:
        response = self._session.post(url, data=body, headers=dict(headers), timeout=self._timeout)
        response.close()
        return response.status_code


class MemoryRecorder:
    def __init__(self) -> None:
        self.attempts: list[DeliveryAttempt] = []
        self._lock = threading.Lock()

    def record(self, attempt: DeliveryAttempt) -> None:
        with self._lock:
            self.attempts.append(attempt)


class EventDispatcher:
    def __init__(
        self,
        sender: WebhookSender,
        recorder: DeliveryRecorder,
        max_attempts: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        workers: int = 4,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.sender, self.recorder = sender, recorder
        self.max_attempts, self.backoff, self.max_backoff = max_attempts, backoff, max_backoff
        self.sleep = sleep
        self.workers = workers
        # Daemon threads: a worker process that exits (gunicorn restart) is never held up
        # by a receiver that is down; what was still queued is lost, attempts are recorded.
        self._queue: queue.Queue[tuple[Webhook, Event, Future[bool]] | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._guard = threading.Lock()

    def _start(self) -> None:
        with self._guard:
            if self._threads:
                return
            for index in range(self.workers):
                thread = threading.Thread(target=self._work, name=f"webhook-{index}", daemon=True)
                thread.start()
                self._threads.append(thread)

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            hook, event, future = job
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(self._deliver(hook, event))
                except BaseException as exc:  # pragma: no cover - _deliver never raises
                    future.set_exception(exc)

    def dispatch(self, event: Event, hooks: Sequence[Webhook]) -> list[Future[bool]]:
        """Queue one delivery per hook and return at once."""
        self._start()
        futures: list[Future[bool]] = []
        for hook in hooks:
            future: Future[bool] = Future()
            self._queue.put((hook, event, future))
            futures.append(future)
        return futures

    def delay(self, attempt: int) -> float:
        """Backoff before attempt ``attempt + 1``: backoff, 2x, 4x, … capped."""
        return min(self.backoff * 2 ** (attempt - 1), self.max_backoff)

    def _deliver(self, hook: Webhook, event: Event) -> bool:
        body = encode(event)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "codeyard-webhooks",
            EVENT_HEADER: event.type,
            DELIVERY_HEADER: event.id,
            SIGNATURE_HEADER: sign(hook.secret, body),
        }
        for attempt in range(1, self.max_attempts + 1):
            status: int | None = None
            error: str | None = None
            try:
                status = self.sender.post(hook.url, body, headers)
                if not 200 <= status < 300:
                    error = f"receiver answered {status}"
            except Exception as exc:  # any failure to deliver is recorded, never raised
                error = f"{type(exc).__name__}: {exc}"[:500]
            delivered = error is None
            final = delivered or attempt == self.max_attempts
            self._record(
                DeliveryAttempt(
                    hook.id,
                    event.id,
                    event.type,
                    attempt,
                    delivered,
                    status,
                    error,
                    final,
                    datetime.now(UTC),
                )
            )
            if delivered:
                return True
            if not final:
                self.sleep(self.delay(attempt))
        log.warning(
            "webhook %s gave up on event %s after %s attempts",
            hook.url,
            event.id,
            self.max_attempts,
        )
        return False

    def _record(self, attempt: DeliveryAttempt) -> None:
        try:
            self.recorder.record(attempt)
        except Exception:  # recording must never break delivery
            log.exception("could not record webhook delivery attempt")

    def shutdown(self, wait: bool = True) -> None:
        """Stop after the queued deliveries (``wait``: until they are done)."""
        with self._guard:
            threads, self._threads = self._threads, []
        for _ in threads:
            self._queue.put(None)
        if wait:
            for thread in threads:
                thread.join()
