"""Review attestations as use cases: record one (verify the DSSE signature against the
configured keys, check its subject is a file of the repository or its upstreams, store it
immutably, audit, notify), list a file's attestations, and the per-repository review
policy that copy, publish and the index apply.

A policy is met by a verified attestation of the file's sha256 recorded in *any*
repository of this registry: the signature, not where it was uploaded, is the proof. Only
attestations signed by a key configured now count (removing a key revokes its reviews).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from registry.core.attestations import (
    Review,
    ReviewPolicy,
    parse_envelope,
    parse_statement,
    policy_decision,
    verify_envelope,
)
from registry.core.errors import (
    AttestationRejected,
    InvalidArgument,
    NotFound,
    PolicyRefused,
)
from registry.core.model import Actor, AttestationRecord, FileRecord
from registry.core.upstreams import DEFAULT_CONTROL, resolution_sources
from registry.services import events
from registry.services.events import Event
from registry.services.sharing_base import SharingBase, utc_now

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class AttestationStore(Protocol):
    """Attestation rows and review policies (registry.db.attestations)."""

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
    ) -> AttestationRecord: ...

    def for_sha256(self, sha256: str) -> list[AttestationRecord]: ...

    def reviews(self, sha256s: Iterable[str]) -> dict[str, list[tuple[str, Review]]]: ...

    def policy(self, repository: str) -> str | None: ...

    def set_policy(self, repository: str, rule: str | None) -> None: ...


@dataclass(frozen=True)
class RecordedAttestation:
    record: AttestationRecord
    file: FileRecord  # the file of the repository (or an upstream) it is about
    verdict: str


def check_sha256(value: str) -> str:
    digest = value.strip().lower()
    if not _HEX64.match(digest):
        raise InvalidArgument(f"{value!r} is not a sha256 digest (64 hex digits)")
    return digest


class Attestations(SharingBase):
    """Recording and reading review attestations; review policies and their checks."""

    # --- recording and reading ------------------------------------------------------------
    def _attestation_store(self) -> AttestationStore:
        if self.attestations is None:
            raise RuntimeError("attestations need an AttestationStore")
        return self.attestations

    def _chain(self, repository: str) -> list[str]:
        """The repository and every repository upstream of it (not external indexes)."""
        order = resolution_sources(
            repository, self.graph(), lambda _n: False, lambda _n: DEFAULT_CONTROL
        )
        return [s.repository for s in order]

    def file_by_digest(self, repository: str, sha256: str) -> FileRecord | None:
        for name in self._chain(repository):
            record = self.catalog.find_file_by_sha256(name, sha256)
            if record is not None:
                return record
        return None

    def record_attestation(self, repository: str, body: bytes, actor: Actor) -> RecordedAttestation:
        """Verify and store one DSSE envelope for a file of *repository*."""
        self._require_repo(repository)
        store = self._attestation_store()
        envelope = parse_envelope(body)
        statement = parse_statement(envelope.payload)
        if self.verifier is None:
            raise RuntimeError("attestations need a SignatureVerifier")
        keyid = verify_envelope(envelope, self.verifier)
        target = self.file_by_digest(repository, statement.subject_sha256)
        if target is None:
            chain = self._chain(repository)
            where = f"repository {repository!r}" + (
                f" or its upstreams ({', '.join(chain[1:])})" if len(chain) > 1 else ""
            )
            raise AttestationRejected(
                f"no file with sha256 {statement.subject_sha256} is in {where}: an "
                "attestation must name a file the registry holds; publish the file there "
                "first (twine upload), then attest it"
            )
        if target.filename != statement.subject_name:
            raise AttestationRejected(
                f"the subject name {statement.subject_name!r} does not match the file with "
                f"sha256 {statement.subject_sha256} in {target.repository!r}, which is "
                f"{target.filename!r}"
            )
        when = utc_now()
        record = store.add(
            repository,
            target.normalized,
            statement.subject_sha256,
            target.filename,
            keyid,
            json.dumps(envelope.raw, separators=(",", ":")),
            json.dumps(statement.raw, separators=(",", ":")),
            statement.review,
            actor.label,
            when,
        )
        self._audit(
            "attestation.record",
            repository,
            actor,
            target.filename,
            id=record.id,
            sha256=record.sha256,
            keyid=keyid,
            verdict=statement.review.result,
            gate=statement.review.gate,
            risk_score=statement.review.risk_score,
            file_repository=target.repository,
        )
        self.catalog.commit()
        self.emit(
            Event(
                events.VERSION_ATTESTED,
                repository,
                target.normalized,
                target.version,
                {
                    "filename": target.filename,
                    "sha256": record.sha256,
                    "attestation_id": record.id,
                    "keyid": keyid,
                    "verdict": statement.review.result,
                },
            )
        )
        return RecordedAttestation(record, target, statement.review.result)

    def list_attestations(self, repository: str, sha256: str) -> list[AttestationRecord]:
        """Every stored attestation of a file *repository* serves (its own or an
        upstream's), wherever in the registry it was recorded; NotFound when none."""
        self._require_repo(repository)
        digest = check_sha256(sha256)
        if self.file_by_digest(repository, digest) is None:
            raise NotFound(
                f"no file with sha256 {digest} is in repository {repository!r} or its upstreams"
            )
        found = self._attestation_store().for_sha256(digest)
        if not found:
            raise NotFound(f"the file with sha256 {digest} has no attestations")
        return found

    def trusted(self, keyid: str) -> bool:
        return self.verifier is not None and keyid in self.verifier.keyids()

    def attestation_summaries(self, sha256s: Iterable[str]) -> dict[str, dict[str, object]]:
        """Per digest: how many attestations and the latest verdict (for JSON and UI)."""
        if self.attestations is None:
            return {}
        summaries: dict[str, dict[str, object]] = {}
        for sha256, reviews in self.attestations.reviews(sha256s).items():
            summaries[sha256] = {"count": len(reviews), "latest_verdict": reviews[-1][1].result}
        return summaries

    # --- review policy ---------------------------------------------------------------------
    def review_policy(self, repository: str) -> ReviewPolicy | None:
        if self.attestations is None:
            return None
        rule = self.attestations.policy(repository)
        return ReviewPolicy.parse(rule) if rule else None

    def set_review_policy(
        self, repository: str, spec: str | None, actor: Actor
    ) -> ReviewPolicy | None:
        """Set (or with None clear) the review policy; files already stored stay."""
        self._require_repo(repository)
        policy = ReviewPolicy.parse(spec) if spec is not None else None
        before = self.review_policy(repository)
        self._attestation_store().set_policy(repository, policy.rule if policy else None)
        self._audit(
            "repository.review_policy",
            repository,
            actor,
            repository,
            before=before.rule if before else None,
            after=policy.rule if policy else None,
        )
        self.catalog.commit()
        return policy

    def _reviews(self, sha256s: Iterable[str]) -> dict[str, list[Review]]:
        assert self.attestations is not None
        return {
            sha256: [review for keyid, review in found if self.trusted(keyid)]
            for sha256, found in self.attestations.reviews(sha256s).items()
        }

    def review_refusals(
        self, policy: ReviewPolicy, files: Sequence[tuple[str, str]]
    ) -> list[tuple[str, str, str | None]]:
        """(filename, sha256, None or why it does not meet *policy*) for each file."""
        reviews = self._reviews(sha256 for _name, sha256 in files)
        return [
            (name, sha256, policy_decision(policy, reviews.get(sha256, [])))
            for name, sha256 in files
        ]

    def compliant(self, policy: ReviewPolicy, records: Sequence[FileRecord]) -> list[FileRecord]:
        """The records whose sha256 meets *policy* (for what the index lists)."""
        if not records:
            return []
        reviews = self._reviews(r.sha256 for r in records)
        return [r for r in records if policy_decision(policy, reviews.get(r.sha256, [])) is None]

    def enforce_review_policy(
        self, repository: str, files: Sequence[tuple[str, str]], actor: Actor, action: str
    ) -> None:
        """Refuse, naming each file and why, unless every (filename, sha256) arriving in
        *repository* by *action* ("copy" or "publish") meets its review policy. Each
        decision is audited; on a refusal the audit records are committed (nothing else
        has been written yet) and PolicyRefused raised, so nothing arrives."""
        policy = self.review_policy(repository)
        if policy is None or not files:
            return
        decisions = self.review_refusals(policy, files)
        for name, sha256, why in decisions:
            self._audit(
                "review_policy.refuse" if why else "review_policy.allow",
                repository,
                actor,
                name,
                via=action,
                sha256=sha256,
                rule=policy.rule,
                reason=why,
            )
        refused = [(name, why) for name, _sha256, why in decisions if why]
        if refused:
            self.catalog.commit()  # the refusals' audit records, and nothing else
            raise PolicyRefused(repository, policy.rule, refused)

    def upstream_file_refusal(
        self, repository: str, record_sha256: str, filename: str
    ) -> str | None:
        """Why *repository* may not serve an upstream/external file (None: it may)."""
        policy = self.review_policy(repository)
        if policy is None:
            return None
        why = policy_decision(policy, self._reviews([record_sha256]).get(record_sha256, []))
        if why is None:
            return None
        return (
            f"{filename} comes from an upstream of {repository!r} and does not meet its "
            f"review policy ({policy.rule}): {why}"
        )
