"""The sharing use cases on one unit of work: ``SharingService`` joins them so a view or
a command holds one object per request (each use case lives in its own module)."""

from __future__ import annotations

from registry.services.copy_status import CopyAndStatus
from registry.services.external_connection import ExternalConnection
from registry.services.origin_control import OriginControls
from registry.services.pypi_json import PypiJsonView
from registry.services.webhooks import WebhookAdmin


class SharingService(PypiJsonView, ExternalConnection, OriginControls, CopyAndStatus, WebhookAdmin):
    """Upstream resolution (through PypiJsonView), the external connection, origin
    controls, copy and status, webhooks, and review attestations and policies (through
    UpstreamResolution and CopyAndStatus), on one catalog and sharing store."""
