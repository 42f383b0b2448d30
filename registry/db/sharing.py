"""Tables and the SQL implementation of the sharing ports: upstream links, external
connections, the remote page cache, package origin controls, webhooks and their delivery
attempts.  They reference the core tables (``registry.db.models``) and change none of them;
migration ``0002_sharing`` creates them. The page cache and the delivery recorder, which use
their own short sessions, live in ``page_cache`` and ``webhook_deliveries``."""

from __future__ import annotations

from datetime import UTC, datetime

from packaging.utils import canonicalize_version
from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    delete,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column

from registry.core.errors import AlreadyExists, NotFound
from registry.core.upstreams import OriginControl, Permission
from registry.db import serials
from registry.db.models import (
    AuditEventRow,
    Base,
    FileRow,
    ProjectRow,
    ReleaseRow,
    RepositoryRow,
    UTCDateTime,
    utcnow,
)
from registry.services.events import Webhook


class UpstreamLinkRow(Base):
    __tablename__ = "upstream_links"
    __table_args__ = (UniqueConstraint("repository_id", "upstream_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    upstream_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ExternalConnectionRow(Base):
    __tablename__ = "external_connections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    repository_id: Mapped[int] = mapped_column(
        ForeignKey("repositories.id", ondelete="CASCADE"), unique=True
    )
    url: Mapped[str] = mapped_column(Text)
    ttl_seconds: Mapped[int] = mapped_column(Integer, default=300)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RemotePageRow(Base):
    """The external-connection page cache, shared by every worker."""

    __tablename__ = "remote_pages"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(200))
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    fetched_at: Mapped[float] = mapped_column(Float)
    not_found: Mapped[bool] = mapped_column(Boolean, default=False)


class OriginControlRow(Base):
    __tablename__ = "origin_controls"
    __table_args__ = (UniqueConstraint("repository_id", "normalized"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    normalized: Mapped[str] = mapped_column(String(200))
    publish: Mapped[str] = mapped_column(String(10))
    upstream: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookRow(Base):
    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    secret: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookDeliveryRow(Base):
    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(64))
    attempt: Mapped[int] = mapped_column(Integer)
    delivered: Mapped[bool] = mapped_column(Boolean)
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    final: Mapped[bool] = mapped_column(Boolean)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# Read on every download and metadata request: statements built once.
_DOWNSTREAM, _UPSTREAM = aliased(RepositoryRow), aliased(RepositoryRow)
_UPSTREAM_GRAPH = (
    select(_DOWNSTREAM.name, _UPSTREAM.name)
    .select_from(UpstreamLinkRow)
    .join(_DOWNSTREAM, UpstreamLinkRow.repository_id == _DOWNSTREAM.id)
    .join(_UPSTREAM, UpstreamLinkRow.upstream_id == _UPSTREAM.id)
    .order_by(UpstreamLinkRow.repository_id, UpstreamLinkRow.position)
)
_EXTERNALS = select(
    RepositoryRow.name, ExternalConnectionRow.url, ExternalConnectionRow.ttl_seconds
).join(RepositoryRow, ExternalConnectionRow.repository_id == RepositoryRow.id)


class SqlSharing:
    """Sharing configuration over one session (the caller commits)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _repo(self, name: str) -> RepositoryRow:
        row = self.session.scalar(select(RepositoryRow).where(RepositoryRow.name == name))
        if row is None:
            raise NotFound(f"repository {name!r} does not exist")
        return row

    # upstreams -------------------------------------------------------------------------
    def upstream_graph(self) -> dict[str, list[str]]:
        """{repository: [upstream, …] in priority order}, for repositories that have any."""
        rows = self.session.connection().execute(_UPSTREAM_GRAPH)
        graph: dict[str, list[str]] = {}
        for name, upstream_name in rows:
            graph.setdefault(name, []).append(upstream_name)
        return graph

    def upstreams(self, repository: str) -> list[str]:
        return self.upstream_graph().get(self._repo(repository).name, [])

    def add_upstream(self, repository: str, upstream: str) -> None:
        repo, up = self._repo(repository), self._repo(upstream)
        last = self.session.scalar(
            select(UpstreamLinkRow.position)
            .where(UpstreamLinkRow.repository_id == repo.id)
            .order_by(UpstreamLinkRow.position.desc())
            .limit(1)
        )
        link = UpstreamLinkRow(repository_id=repo.id, upstream_id=up.id, position=(last or 0) + 1)
        try:
            with self.session.begin_nested():  # a refused link leaves the session usable
                self.session.add(link)
                self.session.flush()
        except IntegrityError:
            raise AlreadyExists(f"{upstream!r} is already an upstream of {repository!r}") from None
        serials.bump_configuration(self.session)

    def remove_upstream(self, repository: str, upstream: str) -> bool:
        repo, up = self._repo(repository), self._repo(upstream)
        result = self.session.execute(
            delete(UpstreamLinkRow).where(
                UpstreamLinkRow.repository_id == repo.id, UpstreamLinkRow.upstream_id == up.id
            )
        )
        serials.bump_configuration(self.session)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # external connections --------------------------------------------------------------
    def externals(self) -> dict[str, tuple[str, int]]:
        rows = self.session.connection().execute(_EXTERNALS)
        return {name: (url, ttl) for name, url, ttl in rows}

    def external(self, repository: str) -> tuple[str, int] | None:
        row = self.session.scalar(
            select(ExternalConnectionRow).where(
                ExternalConnectionRow.repository_id == self._repo(repository).id
            )
        )
        return (row.url, row.ttl_seconds) if row else None

    def set_external(self, repository: str, url: str, ttl_seconds: int) -> None:
        repo = self._repo(repository)
        row = self.session.scalar(
            select(ExternalConnectionRow).where(ExternalConnectionRow.repository_id == repo.id)
        )
        if row is None:
            self.session.add(
                ExternalConnectionRow(repository_id=repo.id, url=url, ttl_seconds=ttl_seconds)
            )
        else:
            row.url, row.ttl_seconds = url, ttl_seconds
        self.session.flush()
        serials.bump_configuration(self.session)

    def remove_external(self, repository: str) -> bool:
        result = self.session.execute(
            delete(ExternalConnectionRow).where(
                ExternalConnectionRow.repository_id == self._repo(repository).id
            )
        )
        serials.bump_configuration(self.session)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # origin controls -------------------------------------------------------------------
    def origin_control(self, repository: str, normalized: str) -> OriginControl | None:
        row = self.session.scalar(
            select(OriginControlRow)
            .join(RepositoryRow, OriginControlRow.repository_id == RepositoryRow.id)
            .where(RepositoryRow.name == repository, OriginControlRow.normalized == normalized)
        )
        if row is None:
            return None
        return OriginControl(Permission(row.publish), Permission(row.upstream))

    def set_origin_control(self, repository: str, normalized: str, control: OriginControl) -> None:
        repo = self._repo(repository)
        row = self.session.scalar(
            select(OriginControlRow).where(
                OriginControlRow.repository_id == repo.id,
                OriginControlRow.normalized == normalized,
            )
        )
        if row is None:
            row = OriginControlRow(repository_id=repo.id, normalized=normalized)
            self.session.add(row)
        row.publish, row.upstream = control.publish.value, control.upstream.value
        row.updated_at = datetime.now(UTC)
        self.session.flush()
        # Origin controls decide which upstreams a project page merges.
        serials.bump(self.session, repository, normalized)

    def origin_controls(self, repository: str) -> dict[str, OriginControl]:
        rows = self.session.scalars(
            select(OriginControlRow)
            .where(OriginControlRow.repository_id == self._repo(repository).id)
            .order_by(OriginControlRow.normalized)
        )
        return {
            r.normalized: OriginControl(Permission(r.publish), Permission(r.upstream)) for r in rows
        }

    # releases and files (lifecycle writes the core Catalog does not offer) ----------------
    def _release(self, repository: str, normalized: str, version: str) -> ReleaseRow | None:
        return self.session.scalar(
            select(ReleaseRow)
            .join(ProjectRow, ReleaseRow.project_id == ProjectRow.id)
            .where(
                ProjectRow.repository_id == self._repo(repository).id,
                ProjectRow.normalized == normalized,
                ReleaseRow.canonical_version == canonicalize_version(version),
            )
        )

    def set_release_status(
        self, repository: str, normalized: str, version: str, status: str
    ) -> str | None:
        release = self._release(repository, normalized, version)
        if release is None:
            return None
        before, release.status = release.status, status
        self.session.flush()
        serials.bump(self.session, repository, normalized)
        return before

    def delete_release(self, repository: str, normalized: str, version: str) -> int:
        release = self._release(repository, normalized, version)
        if release is None:
            return 0
        project_id = release.project_id
        count = len(release.files)
        self.session.execute(delete(FileRow).where(FileRow.release_id == release.id))
        self.session.delete(release)
        self.session.flush()
        remaining = self.session.scalar(
            select(ReleaseRow.id).where(ReleaseRow.project_id == project_id).limit(1)
        )
        serials.bump(self.session, repository, normalized)
        if remaining is None:
            self.session.execute(delete(ProjectRow).where(ProjectRow.id == project_id))
            serials.bump(self.session, repository)
        self.session.expire_all()
        return count

    def set_file_origin(self, repository: str, filename: str, origin: str) -> None:
        row = self.session.scalar(
            select(FileRow).where(
                FileRow.repository_id == self._repo(repository).id, FileRow.filename == filename
            )
        )
        if row is None:
            raise NotFound(f"file {filename!r} is not in {repository!r}")
        row.origin = origin
        self.session.flush()

    def file_origin(self, repository: str, filename: str) -> str | None:
        return self.session.scalar(
            select(FileRow.origin)
            .join(RepositoryRow, FileRow.repository_id == RepositoryRow.id)
            .where(RepositoryRow.name == repository, FileRow.filename == filename)
        )

    def file_origins(self, repository: str, normalized: str) -> dict[str, str]:
        rows = self.session.execute(
            select(FileRow.filename, FileRow.origin)
            .join(ReleaseRow, FileRow.release_id == ReleaseRow.id)
            .join(ProjectRow, ReleaseRow.project_id == ProjectRow.id)
            .where(
                FileRow.repository_id == self._repo(repository).id,
                ProjectRow.normalized == normalized,
            )
        )
        return {filename: origin for filename, origin in rows}

    def blob_in_use(self, key: str) -> bool:
        hit = self.session.scalar(
            select(FileRow.id)
            .join(ReleaseRow, FileRow.release_id == ReleaseRow.id)
            .where(
                (FileRow.blob_key == key) | (FileRow.metadata_blob_key == key),
                ReleaseRow.status != "disposed",
            )
            .limit(1)
        )
        return hit is not None

    # webhooks --------------------------------------------------------------------------
    def webhooks(self, repository: str) -> list[Webhook]:
        rows = self.session.scalars(
            select(WebhookRow)
            .where(WebhookRow.repository_id == self._repo(repository).id)
            .order_by(WebhookRow.id)
        )
        return [Webhook(r.id, repository, r.url, r.secret) for r in rows]

    def add_webhook(self, repository: str, url: str, secret: str) -> Webhook:
        row = WebhookRow(repository_id=self._repo(repository).id, url=url, secret=secret)
        self.session.add(row)
        self.session.flush()
        return Webhook(row.id, repository, url, secret)

    def remove_webhook(self, repository: str, webhook_id: int) -> bool:
        result = self.session.execute(
            delete(WebhookRow).where(
                WebhookRow.id == webhook_id,
                WebhookRow.repository_id == self._repo(repository).id,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def audit(
        self, repository: str | None, since: datetime | None = None, limit: int = 1000
    ) -> list[dict[str, object]]:
        """Audit records (the core's table), newest last."""
        query = select(AuditEventRow).order_by(AuditEventRow.id.desc()).limit(limit)
        if repository is not None:
            query = query.where(AuditEventRow.repository == repository)
        if since is not None:
            query = query.where(AuditEventRow.occurred_at >= since)
        rows = list(self.session.scalars(query))
        return [
            {
                "id": r.id,
                "occurred_at": r.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "action": r.action,
                "repository": r.repository,
                "actor_token_id": r.actor_token_id,
                "actor": r.actor_label,
                "remote_addr": r.remote_addr,
                "subject": r.subject,
                "details": r.details,
            }
            for r in reversed(rows)
        ]

    def deliveries(self, repository: str, limit: int = 100) -> list[WebhookDeliveryRow]:
        return list(
            self.session.scalars(
                select(WebhookDeliveryRow)
                .join(WebhookRow, WebhookDeliveryRow.webhook_id == WebhookRow.id)
                .where(WebhookRow.repository_id == self._repo(repository).id)
                .order_by(WebhookDeliveryRow.id.desc())
                .limit(limit)
            )
        )
