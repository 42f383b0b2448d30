import pytest

from registry.core.errors import InvalidArgument
from registry.core.upstreams import (
    DEFAULT_CONTROL,
    OriginControl,
    Permission,
    PublishBlockedError,
    Source,
    UpstreamConfigError,
    UpstreamCycleError,
    check_new_upstream,
    check_publish_allowed,
    control_after_publish,
    control_after_upstream_arrival,
    find_cycle,
    merge_nearest,
    parse_permission,
    resolution_sources,
)

ALLOW, BLOCK = Permission.ALLOW, Permission.BLOCK


def test_cycle_is_named_in_order():
    links = {"a": ["b"], "b": ["c"], "c": []}
    assert find_cycle(links, "c", "a") == ["c", "a", "b", "c"]
    with pytest.raises(UpstreamCycleError, match="would create a cycle: c -> a -> b -> c"):
        check_new_upstream(links, "c", "a")


def test_diamond_is_not_a_cycle_but_self_and_duplicate_links_are_refused():
    links = {"app": ["team", "shared"], "team": ["shared"], "shared": []}
    assert find_cycle(links, "app", "other") is None
    check_new_upstream(links, "team", "other")  # no error
    with pytest.raises(UpstreamConfigError, match="its own upstream"):
        check_new_upstream(links, "team", "team")
    with pytest.raises(UpstreamConfigError, match="already an upstream"):
        check_new_upstream(links, "team", "shared")


def test_sources_are_depth_first_in_configured_order_each_once_external_last():
    links = {"app": ["a", "b"], "a": ["a1"], "a1": ["shared"], "b": ["shared"], "shared": []}
    externals = {"shared", "app"}
    sources = resolution_sources("app", links, externals.__contains__, lambda _: DEFAULT_CONTROL)
    assert sources == [
        Source("app"),
        Source("a"),
        Source("a1"),
        Source("shared"),
        Source("shared", external=True),
        Source("b"),
        Source("app", external=True),
    ]


def test_upstream_block_stops_the_chain_below_that_repository_only():
    links = {"app": ["internal"], "internal": ["public"], "public": []}
    controls = {"internal": OriginControl(publish=ALLOW, upstream=BLOCK)}
    sources = resolution_sources(
        "app",
        links,
        {"internal", "public"}.__contains__,
        lambda name: controls.get(name, DEFAULT_CONTROL),
    )
    assert sources == [Source("app"), Source("internal")]


def test_merge_nearest_keeps_the_first_layer_for_each_key():
    merged = merge_nearest(
        [("near", ["x-1.0.tar.gz", "x-2.0.tar.gz"]), ("far", ["x-2.0.tar.gz", "x-3.0.tar.gz"])],
        key=lambda f: f,
    )
    assert merged == [("near", "x-1.0.tar.gz"), ("near", "x-2.0.tar.gz"), ("far", "x-3.0.tar.gz")]


def test_first_arrival_fixes_controls_and_later_arrivals_keep_them():
    assert control_after_publish(None) == OriginControl(publish=ALLOW, upstream=BLOCK)
    assert control_after_upstream_arrival(None) == OriginControl(publish=BLOCK, upstream=ALLOW)
    admin_set = OriginControl(publish=ALLOW, upstream=ALLOW)
    assert control_after_publish(admin_set) is admin_set
    assert control_after_upstream_arrival(admin_set) is admin_set


def test_publish_block_names_the_fix():
    check_publish_allowed("r", "acme-utils", None)
    check_publish_allowed("r", "acme-utils", OriginControl(ALLOW, BLOCK))
    with pytest.raises(PublishBlockedError, match="--publish allow"):
        check_publish_allowed("r", "acme-utils", OriginControl(BLOCK, ALLOW))


def test_parse_permission():
    assert parse_permission(" BLOCK ") is BLOCK
    with pytest.raises(InvalidArgument, match="'allow' or 'block'"):
        parse_permission("deny")
