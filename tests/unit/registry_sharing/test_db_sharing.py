"""The SQL adapters of the sharing ports on a migrated SQLite database."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect

from registry.core.errors import AlreadyExists, NotFound
from registry.core.upstreams import OriginControl, Permission
from registry.db.catalog import SqlCatalog
from registry.db.page_cache import SqlPageCache
from registry.db.session import make_engine, migrate, session_factory
from registry.db.sharing import SqlSharing
from registry.db.webhook_deliveries import SqlDeliveryRecorder
from registry.services.events import DeliveryAttempt
from registry.services.external import CachedPage


@pytest.fixture
def sessions(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrate(engine)
    factory = session_factory(engine)
    with factory() as session:
        catalog = SqlCatalog(session)
        for name in ("a", "b", "c"):
            catalog.create_repository(name, public_read=False)
        catalog.commit()
    yield factory
    engine.dispose()


def test_migration_creates_the_sharing_tables(sessions):
    with sessions() as session:
        tables = set(inspect(session.get_bind()).get_table_names())
    assert {"upstream_links", "external_connections", "remote_pages", "origin_controls",
            "webhooks", "webhook_deliveries"} <= tables  # fmt: skip


def test_upstream_links_keep_their_order_and_refuse_duplicates(sessions):
    with sessions() as session:
        store = SqlSharing(session)
        store.add_upstream("a", "c")
        store.add_upstream("a", "b")
        store.add_upstream("b", "c")
        assert store.upstream_graph() == {"a": ["c", "b"], "b": ["c"]}
        with pytest.raises(AlreadyExists):
            store.add_upstream("a", "b")
        assert store.remove_upstream("a", "c") and not store.remove_upstream("a", "c")
        assert store.upstreams("a") == ["b"] and store.upstreams("c") == []
        with pytest.raises(NotFound, match="'zz' does not exist"):
            store.add_upstream("a", "zz")


def test_external_connection_and_origin_controls_round_trip(sessions):
    with sessions() as session:
        store = SqlSharing(session)
        assert store.external("a") is None
        store.set_external("a", "https://x.example/simple/", 60)
        store.set_external("a", "https://y.example/simple/", 0)
        assert store.externals() == {"a": ("https://y.example/simple/", 0)}
        control = OriginControl(Permission.BLOCK, Permission.ALLOW)
        store.set_origin_control("a", "pkg", control)
        assert store.origin_control("a", "pkg") == control
        assert store.origin_control("b", "pkg") is None
        assert store.origin_controls("a") == {"pkg": control}
        assert store.remove_external("a") and store.external("a") is None


def test_page_cache_is_shared_through_the_database(sessions):
    one, two = SqlPageCache(sessions), SqlPageCache(sessions)
    page = CachedPage(b"{}", "application/json", "https://x/simple/p/", 1.5, etag='"e"')
    one.put("page:https://x/simple/p/", page)
    assert two.get("page:https://x/simple/p/") == page
    newer = CachedPage(b"", "", "https://x/simple/p/", 9.0, not_found=True)
    two.put("page:https://x/simple/p/", newer)
    assert one.get("page:https://x/simple/p/") == newer
    assert one.get("page:other") is None


def test_delivery_attempts_are_recorded_per_repository(sessions):
    with sessions() as session:
        store = SqlSharing(session)
        hook = store.add_webhook("a", "http://h.example/", "0123456789abcdef")
        other = store.add_webhook("b", "http://h.example/", "0123456789abcdef")
        session.commit()
    recorder = SqlDeliveryRecorder(sessions)
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    recorder.record(DeliveryAttempt(hook.id, "e1", "t", 1, False, 503, "boom", False, when))
    recorder.record(DeliveryAttempt(other.id, "e2", "t", 1, True, 200, None, True, when))
    with sessions() as session:
        (row,) = SqlSharing(session).deliveries("a")
        assert (row.event_id, row.status_code, row.error, row.delivered) == ("e1", 503, "boom",
                                                                              False)  # fmt: skip
        assert row.attempted_at == when
        assert SqlSharing(session).remove_webhook("a", hook.id)
        assert SqlSharing(session).deliveries("a") == []  # cascades with the webhook
