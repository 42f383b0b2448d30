"""`reviewbot keygen` (an Ed25519 key pair for signing attestations) and `reviewbot attest`
(review a change, then record a signed verdict for each built file on the registry).

`reviewbot attest` exit codes (docs/reviewbot.md): 0 every file attested with a passing
verdict, 1 every file attested but the verdict is fail (so CI stops), 2 usage or input
error (nothing uploaded), 3 the registry refused or could not be reached for some file
(its message printed verbatim).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import click

from reviewbot.cli.review import (
    GATE_CHOICES,
    InputFailure,
    load_change,
    load_review_config,
    run_review,
)
from reviewbot.review.change import InputError
from reviewbot.review.config import ConfigError
from reviewbot.review.findings import Severity

EXIT_PASS, EXIT_FAIL, EXIT_ERROR, EXIT_REGISTRY = 0, 1, 2, 3
TOKEN_ENV, KEY_ENV = "REVIEWBOT_REGISTRY_TOKEN", "REVIEWBOT_ATTESTATION_KEY"
# When the dependency check reads one repository (read token in REVIEWBOT_REGISTRY_TOKEN) and
# the attestations go to another (publish scope), the upload token can be given apart.
UPLOAD_TOKEN_ENV = "REVIEWBOT_ATTESTATION_TOKEN"


def _bot_version() -> str:
    try:
        return version("codeyard")
    except PackageNotFoundError:
        return "unknown"


@click.command("keygen")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def keygen_command(path: str) -> None:
    """Write a new Ed25519 signing key to PATH (mode 0600) and its public half to PATH.pub.

    Give PATH to `reviewbot attest` (REVIEWBOT_ATTESTATION_KEY) and PATH.pub to the registry
    (REGISTRY_ATTESTATION_KEYS). Prints the key id, hex sha256 of the raw public key."""
    from reviewbot.reporters.attestation import generate_key_pair

    private_path, public_path = Path(path), Path(path + ".pub")
    for existing in (private_path, public_path):
        if existing.exists():
            raise InputFailure(
                f"{existing} already exists; refusing to overwrite a key (move it away first)"
            )
    private, public, keyid = generate_key_pair()
    try:
        # O_EXCL: never write into a file someone else created (or a symlink) meanwhile
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as stream:
            stream.write(private)
        public_path.write_bytes(public)
    except OSError as exc:
        private_path.unlink(missing_ok=True)
        raise InputFailure(f"cannot write the key to {path}: {exc.strerror or exc}") from None
    click.echo(keyid)


@click.command("attest")
@click.option("--repo", default=".", show_default=True, help="Repository (or work tree) path.")
@click.option("--base", required=True, help="Base ref: the branch the change merges into.")
@click.option("--head", required=True, help="Head ref: the commit the files were built from.")
@click.option("--registry", "registry_url", required=True, metavar="URL",
              help="The registry repository the files are published to, e.g. "
              "https://packages.internal/staging/")  # fmt: skip
@click.option("--pr", "pull_request", type=click.IntRange(min=1), metavar="N",
              help="Pull request (merge request) number, recorded in the attestation.")
@click.option("--source-repository", metavar="URL",
              help="Recorded as the source (default: the origin remote, else the path).")
@click.option("--fail-on", type=click.Choice(GATE_CHOICES, case_sensitive=False),
              help="Verdict fail when a finding has this severity or higher "
              "(default: config fail-on, else high).")  # fmt: skip
@click.option("--max-risk", type=click.FloatRange(0.0, 1.0), metavar="P",
              help="Verdict fail when the defect risk is above P (or cannot be scored).")
@click.option("--config", "config_path", help="Config file (default: the repository's).")
@click.option("--model", "model_dir", metavar="DIR", help="Defect model directory.")
@click.option("--no-model", is_flag=True, help="Skip the defect model (no risk score).")
@click.option("--key", "key_path", envvar=KEY_ENV, metavar="PEM",
              help=f"Ed25519 private key from `reviewbot keygen` [env {KEY_ENV}].")
@click.option("--envelope-dir", metavar="DIR",
              help="Also write each signed envelope to DIR/<file>.intoto.json.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def attest_command(
    repo: str,
    base: str,
    head: str,
    registry_url: str,
    pull_request: int | None,
    source_repository: str | None,
    fail_on: str | None,
    max_risk: float | None,
    config_path: str | None,
    model_dir: str | None,
    no_model: bool,
    key_path: str | None,
    envelope_dir: str | None,
    files: tuple[str, ...],
) -> None:
    """Review merge-base(BASE, HEAD)..HEAD and attest the verdict for each built FILE.

    For each file: an in-toto Statement (subject: the file's name and sha256; predicate:
    the review's verdict, findings, risk, commits) in a DSSE envelope signed with the key,
    uploaded to the registry with REVIEWBOT_REGISTRY_TOKEN (publish scope). A failing
    verdict is attested too, and the command then exits 1."""
    from reviewbot.reporters.attestation import (
        Ed25519Signer,
        Gate,
        Provenance,
        SigningKeyError,
        Subject,
        envelope,
        predicate,
        statement,
        verdict_of,
    )
    from reviewbot.service.attestations import AttestationClient, UploadError

    # Everything that can be wrong locally is checked before the review runs and before
    # anything is uploaded: a typo never leaves half the files attested.
    token = os.environ.get(UPLOAD_TOKEN_ENV) or os.environ.get(TOKEN_ENV)
    if not token:
        raise InputFailure(
            f"set {TOKEN_ENV} (or {UPLOAD_TOKEN_ENV}) to a publish token of the registry "
            "repository"
        )
    if not key_path:
        raise InputFailure(f"set {KEY_ENV} (or --key) to the signing key from `reviewbot keygen`")
    try:
        signer = Ed25519Signer.from_pem(Path(key_path).read_bytes(), source=key_path)
    except OSError as exc:
        raise InputFailure(f"{key_path}: cannot read the key: {exc.strerror or exc}") from None
    except SigningKeyError as exc:
        raise InputFailure(str(exc)) from None
    subjects = []
    for name in files:
        if not Path(name).is_file():
            raise InputFailure(f"{name}: no such file (build the distributions first)")
        subjects.append(Subject.of_file(name))
    clashes = sorted({s.name for s in subjects if [t.name for t in subjects].count(s.name) > 1})
    if clashes:
        raise InputFailure(f"the same file name given twice: {', '.join(clashes)}")
    try:
        client = AttestationClient(registry_url, token)
    except UploadError as exc:
        raise InputFailure(str(exc)) from None
    if envelope_dir is not None:
        Path(envelope_dir).mkdir(parents=True, exist_ok=True)

    try:
        change = load_change(repo, base, head, None)
        config = load_review_config(change, config_path)
    except (InputError, ConfigError) as exc:
        raise InputFailure(str(exc)) from None
    scorer = None
    if not no_model:
        from reviewbot.model.scoring import default_scorer

        scorer = default_scorer(change.repo_path or repo, model_dir, config)
    result = run_review(change, config, scorer)

    # An attestation without a gate would say "pass" about anything: default to high.
    gate_severity = config.fail_on if config.fail_on is not None else Severity.HIGH
    if fail_on is not None:
        gate_severity = None if fail_on.lower() == "none" else Severity.parse(fail_on)
    gate = Gate(gate_severity, max_risk)
    verdict = verdict_of(result, gate)
    provenance = Provenance(
        source_repository=source_repository or _source_of(change.repo_path or repo),
        base_commit=change.merge_base or change.base or "",
        head_commit=change.head or "",
        pull_request=pull_request,
        bot_version=_bot_version(),
        reviewed_at=datetime.now(UTC),
    )
    review_predicate = predicate(result, verdict, gate, provenance)

    for reason in verdict.reasons:
        click.echo(f"reviewbot: failing: {reason} ({gate.describe()})", err=True)
    for finding in result.findings:
        if gate.fail_on is not None and finding.severity >= gate.fail_on:
            where = f"{finding.path}:{finding.line}: " if finding.path else ""
            click.echo(f"  {where}{finding.severity} {finding.rule}: {finding.message}",
                       err=True)  # fmt: skip

    refused = 0
    for subject in subjects:
        signed = envelope(statement(subject, review_predicate), signer)
        if envelope_dir is not None:
            (Path(envelope_dir) / f"{subject.name}.intoto.json").write_text(
                json.dumps(signed, indent=2) + "\n", encoding="utf-8"
            )
        try:
            uploaded = client.upload(signed)
        except UploadError as exc:
            refused += 1
            click.echo(f"{subject.name}: {verdict.result}, NOT attested: {exc}", err=True)
            continue
        click.echo(f"{subject.name}: {verdict.result} {uploaded.url}")
    if refused:
        sys.exit(EXIT_REGISTRY)
    sys.exit(EXIT_PASS if verdict.passed else EXIT_FAIL)


def _source_of(repo: str) -> str:
    from reviewbot.review.git import origin_url, repo_root

    try:
        return origin_url(repo) or str(repo_root(repo))
    except InputError:
        return str(Path(repo).resolve())
