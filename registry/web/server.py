"""Run the app under gunicorn, in-process (gunicorn's BaseApplication)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from registry.config import Settings
from registry.web import balanced_worker
from registry.web.request_log import logging_config


class RegistryServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # control_socket* exist from gunicorn 25.1 on
                self.cfg.set(key, value)

    def load(self) -> Any:
        from registry.web.app import create_app

        # The schema was migrated by `registry serve` before the workers started.
        return create_app(self.settings, migrate_schema=False)


MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux, 104 on macOS


def control_socket_options(settings: Settings) -> dict[str, Any]:
    """gunicorn's control socket, per instance: by default in the data directory (two
    registries on one machine never share ~/.gunicorn/gunicorn.ctl); "none" turns it off."""
    wanted = settings.control_socket
    if wanted is None:
        wanted = str((settings.data_dir / "gunicorn.ctl").resolve())
        if len(wanted.encode()) > MAX_SOCKET_PATH:
            return {"control_socket_disable": True}  # too long for a Unix socket path
    if wanted.lower() in ("none", "off", ""):
        return {"control_socket_disable": True}
    return {"control_socket": wanted, "control_socket_mode": 0o600}


def prepare_metrics_dir(settings: Settings) -> Path:
    """Empty the directory where the workers write their Prometheus samples and point
    prometheus_client at it; must run before any worker imports prometheus_client."""
    metrics_dir = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or settings.metrics_dir)
    if metrics_dir.exists():
        shutil.rmtree(metrics_dir)  # samples of a previous run would be added to this one's
    metrics_dir.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir.resolve())
    return metrics_dir


def gunicorn_options(settings: Settings, host: str, port: int) -> dict[str, Any]:
    return {
        **control_socket_options(settings),
        "bind": f"{host}:{port}",
        "workers": settings.workers,
        # Threaded workers: a slow or stalled client holds one thread, never the process, and
        # every body read is bounded (REGISTRY_READ_TIMEOUT, see web/upload.py), so enough
        # threads outlast a burst of stalled uploads while /health and pages keep answering.
        # gthread, sharing keep-alive connections evenly between the workers.
        "worker_class": "registry.web.balanced_worker.BalancedThreadWorker",
        "pre_fork": balanced_worker.assign_slot,
        "child_exit": balanced_worker.release_slot,
        "threads": settings.threads,
        "timeout": 300,  # large uploads on slow links
        "graceful_timeout": 10,
        "accesslog": None,  # the app writes one access line per request, with its id
        "errorlog": "-",
        "loglevel": settings.log_level,
        "logconfig_dict": logging_config(settings.log_format, settings.log_level),
        "proc_name": "codeyard-registry",
        # Heartbeats on tmpfs: a slow disk must not make the arbiter kill healthy workers.
        "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,
    }


def run(settings: Settings, host: str, port: int) -> None:
    remove_crash_leftovers(settings)
    prepare_metrics_dir(settings)
    balanced_worker.make_table(settings.workers)  # before the workers fork: they share it
    RegistryServer(settings, gunicorn_options(settings, host, port)).run()


def remove_crash_leftovers(settings: Settings) -> None:
    """Before the workers start: partial blob files of writes a crash cut short."""
    from registry.services.admin import remove_stale_partial_writes
    from registry.storage import build_blob_store

    store = build_blob_store(settings)
    removed = remove_stale_partial_writes(store, settings.partial_write_grace_seconds)
    if removed:
        sys.stderr.write(f"registry: removed {len(removed)} partial blob writes left by a crash\n")
