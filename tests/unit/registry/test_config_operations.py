"""The operating knobs: quotas, rate limits, log format, control socket."""

from __future__ import annotations

import pytest

from registry.config import ConfigError, Settings, load_settings, parse_size


@pytest.mark.parametrize(
    ("text", "size"),
    [("1048576", 1 << 20), ("500MB", 500_000_000), ("10GiB", 10 << 30), ("2 kib", 2048)],
)
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text, "X") == size


def test_repository_quotas_override_the_default() -> None:
    settings = load_settings(
        {"REGISTRY_QUOTA_BYTES": "1GiB", "REGISTRY_REPO_QUOTAS": "team=10MB, big=1TiB"}
    )
    assert settings.quota_for("team") == 10_000_000
    assert settings.quota_for("big") == 1 << 40
    assert settings.quota_for("anything") == 1 << 30
    assert Settings().quota_for("team") is None


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"REGISTRY_QUOTA_BYTES": "lots"}, "REGISTRY_QUOTA_BYTES"),
        ({"REGISTRY_REPO_QUOTAS": "team:10GB"}, "NAME=SIZE"),
        ({"REGISTRY_RATE_LIMIT": "fast"}, "600/minute"),
        ({"REGISTRY_LOG_FORMAT": "xml"}, "'plain' or 'json'"),
    ],
)
def test_bad_values_say_what_to_write(env: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_settings(env)


def test_rate_limit_and_log_format_are_read() -> None:
    settings = load_settings({"REGISTRY_RATE_LIMIT": "20/second;600/minute",
                              "REGISTRY_LOG_FORMAT": "JSON"})  # fmt: skip
    assert settings.rate_limit == "20/second;600/minute"
    assert settings.log_format == "json"
    assert load_settings({"REGISTRY_RATE_LIMIT": "off"}).rate_limit is None
