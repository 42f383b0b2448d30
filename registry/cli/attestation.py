"""`registry attestation verify` (a client: no database) and `registry repo policy`.

verify checks review attestations on this machine with the reviewer's public key, never
trusting the server's word: for each local file it fetches ``<registry>/attestations/
<sha256>`` and verifies each envelope's Ed25519 signature and subject digest itself, or
checks an envelope file offline (``--envelope``)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import click

from registry.cli.common import Failure, cli_actor, common_options, sharing_service
from registry.config import Settings


@click.group()
def attestation() -> None:
    """Review attestations (signed by the review bot)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _describe(statement: object) -> str:
    review = statement.review  # type: ignore[attr-defined]
    predicate = statement.predicate  # type: ignore[attr-defined]
    risk = "-" if review.risk_score is None else f"{review.risk_score:g}"
    head = str(predicate.get("head_commit") or "-")[:12]
    return (
        f"verdict={review.result} gate={review.gate or '-'} risk={risk} "
        f"critical={review.by_severity.get('critical', 0)} head={head}"
    )


@attestation.command("verify")
@click.option(
    "--key",
    "keys",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False),
    help="The reviewer's PEM Ed25519 public key (repeatable).",
)
@click.option(
    "--registry",
    "registry_url",
    default=None,
    help="A repository URL, e.g. https://pkgs.example.com/release/ (its /simple/ URL works too).",
)
@click.option(
    "--token",
    envvar="REGISTRY_TOKEN",
    default=None,
    help="A read token for a private repository [REGISTRY_TOKEN].",
)
@click.option(
    "--envelope",
    "envelope_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="Verify this DSSE envelope JSON file offline instead (FILE optional).",
)
@click.option(
    "--require-review",
    "rule",
    default=None,
    help="Also fail unless a verified review meets pass, no-critical or max-risk=X.",
)
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(
    keys: tuple[str, ...], registry_url: str | None, token: str | None,
    envelope_path: str | None, rule: str | None, files: tuple[Path, ...],
) -> None:  # fmt: skip
    """Verify review attestations of FILES (exit 1 when any file has none that verifies)."""
    from registry.core.attestations import ReviewPolicy
    from registry.core.errors import RegistryError
    from registry.services.attestation_keys import Ed25519Keyring

    try:
        keyring = Ed25519Keyring.from_files(keys)
        policy = ReviewPolicy.parse(rule) if rule else None
    except RegistryError as exc:
        raise Failure(exc.message) from None
    if envelope_path is not None:
        if len(files) > 1:
            raise Failure("--envelope checks one envelope: name at most one FILE")
        ok = _verify_offline(Path(envelope_path), keyring, policy, files[0] if files else None)
    else:
        if not registry_url:
            raise Failure("give --registry URL/R/ (or --envelope FILE.json to check offline)")
        if not files:
            raise Failure("name the distribution files to verify")
        ok = all([_verify_online(registry_url, token, keyring, policy, f) for f in files])
    if not ok:
        raise SystemExit(1)


def _verify_offline(path: Path, keyring: object, policy: object, file: Path | None) -> bool:
    from registry.core.attestations import verify_for_file
    from registry.core.errors import RegistryError

    try:
        body = path.read_bytes()
    except OSError as exc:
        raise Failure(f"cannot read {path}: {exc.strerror}") from None
    label = file.name if file else path.name
    try:
        verified = verify_for_file(
            body, keyring, _sha256(file) if file else None,  # type: ignore[arg-type]
            file.name if file else None,
        )  # fmt: skip
    except RegistryError as exc:
        click.echo(f"FAIL\t{label}\t{exc.message}")
        return False
    return _report(label, verified, policy, f"keyid {verified.keyid[:16]}")


def _report(label: str, verified: object, policy: object, where: str) -> bool:
    statement = verified.statement  # type: ignore[attr-defined]
    why = policy.why_not(statement.review) if policy is not None else None  # type: ignore[attr-defined]
    if why:
        click.echo(f"FAIL\t{label}\t{_describe(statement)}\t{why}")
        return False
    click.echo(f"OK\t{label}\t{statement.subject_sha256}\t{_describe(statement)}\t{where}")
    return True


def _repository_base(url: str) -> str:
    base = url.rstrip("/")
    return base.removesuffix("/simple")


def _verify_online(
    url: str, token: str | None, keyring: object, policy: object, file: Path
) -> bool:
    import requests

    from registry.core.attestations import verify_for_file
    from registry.core.errors import RegistryError

    sha256 = _sha256(file)
    endpoint = f"{_repository_base(url)}/attestations/{sha256}"
    try:
        response = requests.get(endpoint, auth=("__token__", token) if token else None, timeout=30)
    except requests.RequestException as exc:
        raise Failure(f"cannot reach {endpoint}: {exc}") from None
    if response.status_code != 200:
        try:
            reason = response.json().get("error") or response.reason
        except ValueError:
            reason = response.reason
        click.echo(f"FAIL\t{file.name}\t{sha256}\t{response.status_code}: {reason}")
        return False
    problems = []
    passing = None
    # Newest first: the latest review that verifies is the one reported.
    for item in reversed(response.json().get("attestations", [])):
        body = json.dumps(item.get("envelope")).encode()
        try:
            verified = verify_for_file(body, keyring, sha256, file.name)  # type: ignore[arg-type]
        except RegistryError as exc:
            problems.append(f"attestation {item.get('id')}: {exc.message}")
            continue
        why = policy.why_not(verified.statement.review) if policy else None  # type: ignore[attr-defined]
        if why is None:
            passing = (verified, item.get("id"))
            break
        problems.append(f"attestation {item.get('id')}: {why}")
    if passing is None:
        click.echo(f"FAIL\t{file.name}\t{sha256}\t" + "; ".join(problems or ["no attestations"]))
        return False
    verified, attestation_id = passing
    return _report(file.name, verified, None, f"attestation {attestation_id}")


@click.command("policy")
@click.argument("repository")
@click.option(
    "--require-review",
    "rule",
    default=None,
    help="pass | no-critical | max-risk=X: what a file's review must show to enter.",
)
@click.option("--clear", is_flag=True, help="Remove the repository's review policy.")
@common_options
def policy(repository: str, rule: str | None, clear: bool, settings: Settings) -> None:
    """Show or set REPOSITORY's review policy: copies and uploads into it need a verified
    review attestation that meets it; its index lists only upstream files that meet it."""
    if rule is not None and clear:
        raise Failure("give --require-review RULE or --clear, not both")
    with sharing_service(settings) as svc:
        if rule is None and not clear:
            svc._require_repo(repository)
            current = svc.review_policy(repository)
        else:
            current = svc.set_review_policy(repository, None if clear else rule, cli_actor())
    shown = f"require-review {current.rule}" if current else "none"
    click.echo(f"{repository} review policy: {shown}")
