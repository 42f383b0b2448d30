"""Webhook administration: which URLs receive a repository's signed events."""

from __future__ import annotations

from urllib.parse import urlsplit

from registry.core.errors import InvalidArgument, NotFound
from registry.core.model import Actor
from registry.services.events import Webhook
from registry.services.sharing_base import SharingBase


class WebhookAdmin(SharingBase):
    """Adding and removing a repository's webhooks (events: registry.services.events)."""

    def add_webhook(self, repository: str, url: str, secret: str, actor: Actor) -> Webhook:
        self._require_repo(repository)
        if urlsplit(url).scheme not in ("http", "https"):
            raise InvalidArgument(f"webhook URL must be http(s), not {url!r}")
        if len(secret) < 16:
            raise InvalidArgument("a webhook secret needs at least 16 characters")
        hook = self.store.add_webhook(repository, url, secret)
        self._audit("webhook.create", repository, actor, f"webhook {hook.id}", after={"url": url})
        self.catalog.commit()
        return hook

    def remove_webhook(self, repository: str, webhook_id: int, actor: Actor) -> None:
        self._require_repo(repository)
        if not self.store.remove_webhook(repository, webhook_id):
            raise NotFound(f"webhook {webhook_id} does not exist in {repository!r}")
        self._audit("webhook.delete", repository, actor, f"webhook {webhook_id}")
        self.catalog.commit()
