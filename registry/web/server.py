"""Run the app under gunicorn, in-process (gunicorn's BaseApplication)."""

from __future__ import annotations

import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from registry.config import Settings


class RegistryServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from registry.web.app import create_app

        # The schema was migrated by `registry serve` before the workers started.
        return create_app(self.settings, migrate_schema=False)


def gunicorn_options(settings: Settings, host: str, port: int) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": settings.workers,
        # Threaded workers: a slow or stalled client holds one thread, never the process, and
        # every body read is bounded (REGISTRY_READ_TIMEOUT, see web/upload.py), so enough
        # threads outlast a burst of stalled uploads while /health and pages keep answering.
        "worker_class": "gthread",
        "threads": settings.threads,
        "timeout": 300,  # large uploads on slow links
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": settings.log_level,
        "proc_name": "codeyard-registry",
    }


def run(settings: Settings, host: str, port: int) -> None:
    remove_crash_leftovers(settings)
    RegistryServer(settings, gunicorn_options(settings, host, port)).run()


def remove_crash_leftovers(settings: Settings) -> None:
    """Before the workers start: partial blob files of writes a crash cut short."""
    from registry.services.admin import remove_stale_partial_writes
    from registry.storage import build_blob_store

    store = build_blob_store(settings)
    removed = remove_stale_partial_writes(store, settings.partial_write_grace_seconds)
    if removed:
        sys.stderr.write(f"registry: removed {len(removed)} partial blob writes left by a crash\n")
