"""Review attestations and review policies: their tables and the SQL implementation of
registry.services.attestations.AttestationStore. Migration ``0004_attreg_attestations``
creates them; they reference the core tables and change none of them.

Attestation rows are only ever inserted (never updated or deleted with their file): an
attestation is evidence about bytes, identified by sha256, and outlives any one copy."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from registry.core.attestations import Review
from registry.core.errors import NotFound
from registry.core.model import AttestationRecord
from registry.db import serials
from registry.db.models import Base, RepositoryRow, UTCDateTime, utcnow


class AttestationRow(Base):
    __tablename__ = "attestations"
    __table_args__ = (Index("ix_attestations_sha256", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The repository it was recorded in (a name: the record outlives what it describes).
    repository: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    keyid: Mapped[str] = mapped_column(String(64))
    envelope: Mapped[str] = mapped_column(Text)  # the DSSE envelope JSON as received
    statement: Mapped[str] = mapped_column(Text)  # its decoded payload (the in-toto Statement)
    # What policies read, copied out of the statement so a page needs no JSON parsing.
    result: Mapped[str] = mapped_column(String(10))
    gate: Mapped[str] = mapped_column(Text, default="")
    critical: Mapped[int] = mapped_column(Integer, default=0)
    risk_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    risk_band: Mapped[str | None] = mapped_column(String(40), nullable=True)
    actor_label: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewPolicyRow(Base):
    __tablename__ = "review_policies"

    repository_id: Mapped[int] = mapped_column(
        ForeignKey("repositories.id", ondelete="CASCADE"), primary_key=True
    )
    rule: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _record(row: AttestationRow) -> AttestationRecord:
    return AttestationRecord(
        id=row.id,
        repository=row.repository,
        sha256=row.sha256,
        filename=row.filename,
        keyid=row.keyid,
        envelope=row.envelope,
        statement=row.statement,
        received_at=row.received_at,
        review=Review(
            row.result, row.gate, {"critical": row.critical}, row.risk_score, row.risk_band
        ),
    )


class SqlAttestations:
    """Attestations and review policies over one session (the caller commits)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        repository: str,
        normalized: str,
        sha256: str,
        filename: str,
        keyid: str,
        envelope: str,
        statement: str,
        review: Review,
        actor_label: str,
        when: datetime,
    ) -> AttestationRecord:
        row = AttestationRow(
            repository=repository,
            sha256=sha256,
            filename=filename,
            keyid=keyid,
            envelope=envelope,
            statement=statement,
            result=review.result,
            gate=review.gate,
            critical=review.by_severity.get("critical", 0),
            risk_score=review.risk_score,
            risk_band=review.risk_band,
            actor_label=actor_label,
            received_at=when,
        )
        self.session.add(row)
        self.session.flush()
        # Pages of repositories with a review policy may now list this file: any page
        # of the project (every repository's) is keyed by this project's serials.
        serials.bump(self.session, repository, normalized)
        return _record(row)

    def for_sha256(self, sha256: str) -> list[AttestationRecord]:
        rows = self.session.scalars(
            select(AttestationRow)
            .where(AttestationRow.sha256 == sha256)
            .order_by(AttestationRow.id)
        )
        return [_record(r) for r in rows]

    def reviews(self, sha256s: Iterable[str]) -> dict[str, list[tuple[str, Review]]]:
        """(keyid, review) of every attestation of each digest, oldest first."""
        wanted = sorted(set(sha256s))
        found: dict[str, list[tuple[str, Review]]] = {}
        for start in range(0, len(wanted), 500):  # bounded IN lists
            rows = self.session.execute(
                select(
                    AttestationRow.sha256,
                    AttestationRow.keyid,
                    AttestationRow.result,
                    AttestationRow.gate,
                    AttestationRow.critical,
                    AttestationRow.risk_score,
                    AttestationRow.risk_band,
                )
                .where(AttestationRow.sha256.in_(wanted[start : start + 500]))
                .order_by(AttestationRow.id)
            )
            for sha256, keyid, result, gate, critical, score, band in rows:
                review = Review(result, gate, {"critical": critical}, score, band)
                found.setdefault(sha256, []).append((keyid, review))
        return found

    def policy(self, repository: str) -> str | None:
        return self.session.scalar(
            select(ReviewPolicyRow.rule)
            .join(RepositoryRow, ReviewPolicyRow.repository_id == RepositoryRow.id)
            .where(RepositoryRow.name == repository)
        )

    def set_policy(self, repository: str, rule: str | None) -> None:
        repo_id = self.session.scalar(
            select(RepositoryRow.id).where(RepositoryRow.name == repository)
        )
        if repo_id is None:
            raise NotFound(f"repository {repository!r} does not exist")
        row = self.session.get(ReviewPolicyRow, repo_id)
        if rule is None:
            if row is not None:
                self.session.delete(row)
        elif row is None:
            self.session.add(ReviewPolicyRow(repository_id=repo_id, rule=rule))
        else:
            row.rule, row.updated_at = rule, datetime.now(UTC)
        self.session.flush()
        # The policy decides which upstream files every page of the repository lists.
        serials.bump_configuration(self.session)
