"""`reviewbot serve`'s /healthz and /readyz, the same names and meaning as the registry's:
ready only while the delivery log (real Redis when configured) answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewbot.service.pr import JobSettings
from reviewbot.service.queue import MemoryDeliveryLog, RedisDeliveryLog
from reviewbot.service.server import ServiceSettings, create_app
from tests.support.live_registry import free_port


class ListQueue:
    def enqueue(self, job: object) -> str:
        return "job"


def client_with(deliveries, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = ServiceSettings(secrets={"github": "s"}, jobs=JobSettings(cache_dir=tmp_path))
    return create_app(settings, queue=ListQueue(), deliveries=deliveries).test_client()


def test_ready_with_the_in_process_delivery_log(tmp_path: Path) -> None:
    client = client_with(MemoryDeliveryLog(), tmp_path)
    assert client.get("/healthz").status_code == 200
    reply = client.get("/readyz")
    assert reply.status_code == 200 and reply.get_json() == {"status": "ready"}


@pytest.mark.redis
def test_ready_while_the_real_redis_answers(tmp_path: Path) -> None:
    client = client_with(RedisDeliveryLog("redis://127.0.0.1:6379/0"), tmp_path)
    assert client.get("/readyz").status_code == 200


def test_not_ready_when_redis_is_unreachable_but_still_alive(tmp_path: Path) -> None:
    nothing_there = f"redis://127.0.0.1:{free_port()}/0"
    client = client_with(RedisDeliveryLog(nothing_there), tmp_path)
    reply = client.get("/readyz")
    assert reply.status_code == 503
    assert reply.get_json()["reason"].startswith("redis: ")
    assert client.get("/healthz").status_code == 200  # a restart would not help
