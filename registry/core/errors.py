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
