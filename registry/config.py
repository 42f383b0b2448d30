"""Settings from REGISTRY_* environment variables: the only place that reads os.environ."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

MIB = 1024 * 1024
LOG_FORMATS = ("plain", "json")


@dataclass(frozen=True)
class Settings:
    """Everything the registry can be configured with; defaults work on a laptop."""

    data_dir: Path = Path("registry-data")
    database_url: str | None = None  # None: SQLite file inside data_dir
    storage: str = "local"  # "local" | "s3"
    s3_bucket: str | None = None
    s3_prefix: str = ""
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    max_upload_bytes: int = 100 * MIB
    max_uncompressed_bytes: int = 1024 * MIB  # zip-bomb guard: total inflated size
    max_compression_ratio: int = 200  # zip-bomb guard: inflated / compressed, per member
    max_form_bytes: int = 16 * MIB  # metadata fields (long descriptions) besides the file
    workers: int = 2
    # Threads per worker: a thread waits on one client at a time, so enough of them that
    # slow uploads cannot take every thread (each upload read is bounded by read_timeout).
    threads: int = 16
    read_timeout_seconds: int = 30  # longest silence while reading a request body
    # A partial blob file untouched this long belongs to a dead write: removed at start.
    partial_write_grace_seconds: int = 15 * 60
    log_level: str = "info"
    log_format: str = "plain"  # "plain" | "json"
    secret_key: str | None = None  # signs the UI's session cookies; None: a file in data_dir
    quota_bytes: int | None = None  # every repository's storage quota; None: unlimited
    repo_quotas: tuple[tuple[str, int], ...] = ()  # per-repository overrides of quota_bytes
    rate_limit: str | None = None  # per token (or client address), e.g. "600/minute"
    rate_limit_storage: str = "memory://"  # limits' storage URI; redis://… shares workers' counts
    control_socket: str | None = None  # gunicorn's; None: <data_dir>/gunicorn.ctl, "none": off
    # Behind nginx: an internal location prefix (e.g. "/_codeyard/") under which nginx serves
    # data_dir/pages and data_dir/blobs; cached pages and local files are then answered with
    # X-Accel-Redirect and sent by nginx (deploy/nginx/codeyard.conf). Unset: the app sends.
    accel_redirect: str | None = None
    # Answers a worker has given (cached simple pages, files) are repeated without the
    # database until a write on this host commits. With a database other hosts may share
    # (PostgreSQL), also for at most this long: their writes do not move this host's
    # counter. 0 turns the fast path off.
    hot_path_seconds: float = 2.0
    # PEM Ed25519 public keys of the review bot: attestations signed by one of them are
    # accepted (REGISTRY_ATTESTATION_KEYS, comma-separated paths). None configured: the
    # registry refuses every attestation, and a review policy can only be met by none.
    attestation_keys: tuple[Path, ...] = ()

    @property
    def database_is_host_local(self) -> bool:
        """SQLite: every process that can write the database runs on this host, beside the
        same data directory, so the host's write counter (registry.db.generation) sees every
        write."""
        return self.resolved_database_url.startswith("sqlite")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'registry.sqlite3').resolve()}"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    def quota_for(self, repository: str) -> int | None:
        """The storage quota of *repository* in bytes (None: unlimited)."""
        return dict(self.repo_quotas).get(repository, self.quota_bytes)

    @property
    def metrics_dir(self) -> Path:
        """Where gunicorn workers write Prometheus samples (emptied by each serve)."""
        return self.data_dir / "metrics"

    @property
    def generation_file(self) -> Path:
        """The host's write counter (registry.db.generation), beside the rendered pages."""
        return self.data_dir / "pages" / ".generation"

    @property
    def tmp_dir(self) -> Path:
        return self.data_dir / "tmp"

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with the non-None values of *changes* applied (CLI options win)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


class ConfigError(ValueError):
    """A REGISTRY_* variable has a value the registry cannot use."""


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0 <= value <= 60:
        raise ConfigError(f"{name} must be between 0 (off) and 60 seconds, got {raw!r}")
    return value


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {raw!r}")
    return value


_SIZE = re.compile(r"^\s*(\d+)\s*([kmgt]i?b?|b)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "b": 1, "k": 1000, "m": 1000**2, "g": 1000**3, "t": 1000**4}


def parse_size(text: str, name: str) -> int:
    """``500MB``, ``10GiB``, ``1T`` or plain bytes → bytes."""
    match = _SIZE.match(text)
    if not match:
        raise ConfigError(f"{name}: {text!r} is not a size (e.g. 500MB, 10GiB, 1048576)")
    unit = (match.group(2) or "").lower()
    binary = "i" in unit
    letter = unit[:1] if unit != "b" else ""
    factor = 1024 ** "kmgt".index(letter) * 1024 if binary and letter else _SIZE_UNITS[letter]
    return int(match.group(1)) * factor


def _quotas(env: Mapping[str, str]) -> tuple[tuple[str, int], ...]:
    raw = env.get("REGISTRY_REPO_QUOTAS", "").strip()
    quotas = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        repo, sep, size = item.partition("=")
        if not sep or not repo.strip():
            raise ConfigError(
                f"REGISTRY_REPO_QUOTAS: {item!r} is not NAME=SIZE (e.g. team=10GiB,big=1TiB)"
            )
        quotas.append((repo.strip(), parse_size(size, "REGISTRY_REPO_QUOTAS")))
    return tuple(quotas)


def _rate_limit(env: Mapping[str, str]) -> str | None:
    raw = (env.get("REGISTRY_RATE_LIMIT") or "").strip()
    if not raw or raw.lower() in ("none", "off"):
        return None
    from limits import parse_many

    try:
        parse_many(raw)
    except ValueError:
        raise ConfigError(
            f"REGISTRY_RATE_LIMIT: {raw!r} is not a rate (e.g. 600/minute or 20/second;100/minute)"
        ) from None
    return raw
def _accel_prefix(raw: str | None) -> str | None:
    if not raw or not raw.strip():
        return None
    prefix = raw.strip()
    if not prefix.startswith("/") or any(c in prefix for c in " ?#"):
        raise ConfigError(
            f"REGISTRY_ACCEL_REDIRECT must be an nginx internal location path such as "
            f"/_codeyard/, got {raw!r}"
        )
    return prefix


def _paths(env: Mapping[str, str], name: str) -> tuple[Path, ...]:
    raw = env.get(name, "")
    return tuple(Path(part.strip()) for part in raw.split(",") if part.strip())


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from *env* (default: the process environment)."""
    env = os.environ if env is None else env
    storage = env.get("REGISTRY_STORAGE", "local").strip().lower() or "local"
    if storage not in ("local", "s3"):
        raise ConfigError(f"REGISTRY_STORAGE must be 'local' or 's3', got {storage!r}")
    bucket = env.get("REGISTRY_S3_BUCKET") or None
    if storage == "s3" and not bucket:
        raise ConfigError("REGISTRY_STORAGE=s3 needs REGISTRY_S3_BUCKET")
    log_format = env.get("REGISTRY_LOG_FORMAT", "plain").strip().lower() or "plain"
    if log_format not in LOG_FORMATS:
        raise ConfigError(f"REGISTRY_LOG_FORMAT must be 'plain' or 'json', got {log_format!r}")
    defaults = Settings()
    return Settings(
        data_dir=Path(env.get("REGISTRY_DATA_DIR") or defaults.data_dir),
        database_url=env.get("REGISTRY_DATABASE_URL") or None,
        storage=storage,
        s3_bucket=bucket,
        s3_prefix=env.get("REGISTRY_S3_PREFIX", ""),
        s3_endpoint_url=env.get("REGISTRY_S3_ENDPOINT_URL") or None,
        s3_region=env.get("REGISTRY_S3_REGION") or None,
        max_upload_bytes=_int(env, "REGISTRY_MAX_UPLOAD_BYTES", defaults.max_upload_bytes),
        max_uncompressed_bytes=_int(
            env, "REGISTRY_MAX_UNCOMPRESSED_BYTES", defaults.max_uncompressed_bytes
        ),
        max_compression_ratio=_int(
            env, "REGISTRY_MAX_COMPRESSION_RATIO", defaults.max_compression_ratio
        ),
        max_form_bytes=_int(env, "REGISTRY_MAX_FORM_BYTES", defaults.max_form_bytes),
        workers=_int(env, "REGISTRY_WORKERS", defaults.workers),
        threads=_int(env, "REGISTRY_THREADS", defaults.threads),
        read_timeout_seconds=_int(env, "REGISTRY_READ_TIMEOUT", defaults.read_timeout_seconds),
        partial_write_grace_seconds=_int(
            env, "REGISTRY_PARTIAL_WRITE_GRACE", defaults.partial_write_grace_seconds
        ),
        log_level=env.get("REGISTRY_LOG_LEVEL", defaults.log_level),
        log_format=log_format,
        secret_key=env.get("REGISTRY_SECRET_KEY") or None,
        control_socket=env.get("REGISTRY_CONTROL_SOCKET"),
        quota_bytes=parse_size(env["REGISTRY_QUOTA_BYTES"], "REGISTRY_QUOTA_BYTES")
        if env.get("REGISTRY_QUOTA_BYTES")
        else None,
        repo_quotas=_quotas(env),
        rate_limit=_rate_limit(env),
        rate_limit_storage=env.get("REGISTRY_RATE_LIMIT_STORAGE") or defaults.rate_limit_storage,
        accel_redirect=_accel_prefix(env.get("REGISTRY_ACCEL_REDIRECT")),
        hot_path_seconds=_seconds(env, "REGISTRY_HOT_PATH_SECONDS", defaults.hot_path_seconds),
        attestation_keys=_paths(env, "REGISTRY_ATTESTATION_KEYS"),
    )
