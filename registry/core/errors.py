"""Domain errors. They carry meaning and a message that says what to fix, never an HTTP code;
the web edge maps each class to a status."""

from __future__ import annotations


class RegistryError(Exception):
    """Base class; ``message`` is shown to the client or the operator as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(RegistryError):
    """A repository, project, release, file or token does not exist."""


class AlreadyExists(RegistryError):
    """Creating something whose name is taken."""


class Unauthenticated(RegistryError):
    """No credentials, or credentials that are not a valid, live token."""

    def __init__(self, message: str, realm: str) -> None:
        super().__init__(message)
        self.realm = realm


class PermissionDenied(RegistryError):
    """A valid token whose repository or scope does not allow the action."""


class InvalidUpload(RegistryError):
    """An upload that fails validation; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


class UploadTooLarge(RegistryError):
    """The distribution file (or what it inflates to) exceeds a configured limit."""


class QuotaExceeded(UploadTooLarge):
    """Storing the file would take the repository past its configured storage quota."""


class FileConflict(RegistryError):
    """The filename exists in the repository with different bytes."""


class NotAcceptable(RegistryError):
    """No representation the client accepts."""


class InvalidArgument(RegistryError):
    """An operator gave a value that cannot be used (bad scope, bad duration, bad name)."""


class StorageFull(RegistryError):
    """The blob store has no space (or quota) left for a write; nothing was stored."""


class UploadStalled(RegistryError):
    """The client stopped sending the request body; nothing was stored."""


class InvalidAttestation(RegistryError):
    """An envelope or statement that is malformed or of the wrong type (HTTP 400/422)."""


class AttestationRejected(RegistryError):
    """A well-formed attestation that cannot be accepted: bad signature, unknown key,
    a subject that is not a file of the repository (HTTP 422)."""


class NoAttestationKeys(RegistryError):
    """The registry has no public keys configured, so it can verify nothing."""


class PolicyRefused(RegistryError):
    """Files that do not satisfy a repository's review policy; ``refusals`` names each."""

    def __init__(self, repository: str, rule: str, refusals: list[tuple[str, str]]) -> None:
        self.repository, self.rule, self.refusals = repository, rule, list(refusals)
        listed = "; ".join(f"{name}: {why}" for name, why in refusals)
        super().__init__(
            f"repository {repository!r} requires a review attestation ({rule}) and refused "
            f"{len(refusals)} file(s): {listed}. Record one with 'reviewbot attest' in a "
            "repository that holds the file (e.g. staging), then retry"
        )
