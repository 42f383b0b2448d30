from pathlib import Path

import pytest

from registry.config import ConfigError, Settings, load_settings


def test_defaults_work_on_a_laptop() -> None:
    settings = load_settings({})
    assert settings.data_dir == Path("registry-data")
    assert settings.storage == "local"
    assert settings.max_upload_bytes == 100 * 1024 * 1024
    assert settings.resolved_database_url.startswith("sqlite:///")
    assert settings.resolved_database_url.endswith("registry-data/registry.sqlite3")


def test_env_overrides() -> None:
    settings = load_settings(
        {
            "REGISTRY_DATA_DIR": "/srv/reg",
            "REGISTRY_DATABASE_URL": "postgresql+psycopg://u@h/db",
            "REGISTRY_MAX_UPLOAD_BYTES": "1000",
            "REGISTRY_STORAGE": "s3",
            "REGISTRY_S3_BUCKET": "b",
            "REGISTRY_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        }
    )
    assert settings.data_dir == Path("/srv/reg")
    assert settings.resolved_database_url == "postgresql+psycopg://u@h/db"
    assert settings.max_upload_bytes == 1000
    assert (settings.storage, settings.s3_bucket) == ("s3", "b")


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"REGISTRY_MAX_UPLOAD_BYTES": "lots"}, "whole number"),
        ({"REGISTRY_MAX_UPLOAD_BYTES": "-1"}, "positive"),
        ({"REGISTRY_STORAGE": "ftp"}, "'local' or 's3'"),
        ({"REGISTRY_STORAGE": "s3"}, "REGISTRY_S3_BUCKET"),
        ({"REGISTRY_ACCEL_REDIRECT": "_codeyard/"}, "internal location path"),
        ({"REGISTRY_ACCEL_REDIRECT": "/a b/"}, "internal location path"),
    ],
)
def test_bad_values_say_what_to_fix(env: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_settings(env)


def test_cli_overrides_skip_none() -> None:
    settings = Settings().with_overrides(data_dir=Path("x"), database_url=None)
    assert settings.data_dir == Path("x") and settings.database_url is None


def test_accel_redirect_is_off_unless_set() -> None:
    assert load_settings({}).accel_redirect is None
    assert load_settings({"REGISTRY_ACCEL_REDIRECT": " "}).accel_redirect is None
    assert load_settings({"REGISTRY_ACCEL_REDIRECT": "/_codeyard/"}).accel_redirect == "/_codeyard/"
