"""Webhook delivery attempts, recorded from the delivery threads."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from registry.db.sharing import WebhookDeliveryRow
from registry.services.events import DeliveryAttempt


class SqlDeliveryRecorder:
    """``DeliveryRecorder`` that stores each attempt (called from delivery threads)."""

    def __init__(self, sessions: Callable[[], Session]) -> None:
        self.sessions = sessions

    def record(self, attempt: DeliveryAttempt) -> None:
        with self.sessions() as session:
            session.add(
                WebhookDeliveryRow(
                    webhook_id=attempt.webhook_id,
                    event_id=attempt.event_id,
                    event_type=attempt.event_type,
                    attempt=attempt.attempt,
                    delivered=attempt.delivered,
                    status_code=attempt.status_code,
                    error=attempt.error,
                    final=attempt.final,
                    attempted_at=attempt.at,
                )
            )
            session.commit()
