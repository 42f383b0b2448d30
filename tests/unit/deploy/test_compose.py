"""compose.yaml parses, wires services that exist, and sets only environment variables the
code reads, with values the code accepts (a typo in a variable name is silently ignored by
every container runtime, so it is caught here)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from registry.config import load_settings
from reviewbot.service.server import ServiceSettings

ROOT = Path(__file__).resolve().parents[3]
_DEFAULT = re.compile(r"\$\{(\w+)(?::?-([^}]*))?\}")
# Read by libraries, not by our code: boto3's credentials.
LIBRARY_VARIABLES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}


def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def variables_the_code_knows() -> set[str]:
    """Every string constant in registry/ and reviewbot/ that looks like an env var name."""
    names: set[str] = set()
    for package in ("registry", "reviewbot"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    names.update(re.findall(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$", node.value))
    return names


def resolved(environment: dict[str, str]) -> dict[str, str]:
    """Compose's ${VAR:-default} as it resolves with nothing set in the caller's env."""
    return {k: _DEFAULT.sub(lambda m: m.group(2) or "", str(v)) for k, v in environment.items()}


def codeyard_services(spec: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    image = spec["services"]["registry"]["image"]
    return {n: s for n, s in spec["services"].items() if s.get("image") == image}


def test_services_exist_and_depend_on_services_that_exist() -> None:
    spec = compose()
    services = spec["services"]
    assert {"registry", "reviewbot", "postgres", "s3", "redis"} <= set(services)
    assert "postgres" in services["postgres"]["image"]
    assert "minio" in services["s3"]["image"]
    assert "redis" in services["redis"]["image"]
    assert services["registry"]["build"]["dockerfile"] == "deploy/Containerfile"
    assert (ROOT / services["registry"]["build"]["dockerfile"]).exists()
    for name, service in services.items():
        for dependency in service.get("depends_on", []):
            assert dependency in services, f"{name} depends on unknown {dependency}"
        for volume in service.get("volumes", []):
            assert volume.split(":")[0] in spec["volumes"], volume


def test_environment_names_are_read_by_the_code() -> None:
    known = variables_the_code_knows() | LIBRARY_VARIABLES
    for name, service in codeyard_services(compose()).items():
        unknown = set(service.get("environment", {})) - known
        assert not unknown, f"{name} sets variables no code reads: {sorted(unknown)}"


def test_registry_settings_load_and_point_at_the_stack() -> None:
    spec = compose()
    env = resolved(spec["services"]["registry"]["environment"])
    settings = load_settings(env)
    assert settings.storage == "s3"
    assert urlsplit(settings.resolved_database_url).hostname == "postgres"
    assert settings.resolved_database_url.startswith("postgresql+psycopg://")
    assert urlsplit(settings.s3_endpoint_url or "").hostname == "s3"
    bucket_job = " ".join(spec["services"]["s3-bucket"]["command"])
    assert f"store/{settings.s3_bucket}" in bucket_job
    minio = resolved(spec["services"]["s3"]["environment"])
    assert env["AWS_ACCESS_KEY_ID"] == minio["MINIO_ROOT_USER"]
    assert env["AWS_SECRET_ACCESS_KEY"] == minio["MINIO_ROOT_PASSWORD"]
    postgres = resolved(spec["services"]["postgres"]["environment"])
    url = urlsplit(settings.resolved_database_url)
    assert (url.username, url.password, url.path.strip("/")) == (
        postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"], postgres["POSTGRES_DB"]
    )  # fmt: skip


def test_reviewbot_settings_load_and_use_the_redis_service() -> None:
    spec = compose()
    for name in ("reviewbot", "reviewbot-worker"):
        env = resolved(spec["services"][name]["environment"])
        assert urlsplit(env["REVIEWBOT_REDIS_URL"]).hostname == "redis"
    settings = ServiceSettings.from_env(resolved(spec["services"]["reviewbot"]["environment"]))
    assert settings.redis_url == "redis://redis:6379/0"


def test_containerignore_keeps_local_state_out_of_the_image() -> None:
    ignored = (ROOT / ".containerignore").read_text().split()
    for entry in (".venv", "registry-data", ".git", "tests/artifacts", "*.env"):
        assert entry in ignored
