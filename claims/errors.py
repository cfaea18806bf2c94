"""Domain errors raised by services; the web layer turns each into a message or a status code."""


class DomainError(Exception):
    """Base of every error a user can cause; carries a message safe to show."""


class NotFound(DomainError):
    pass


class NotAllowed(DomainError):
    pass


class InvalidInput(DomainError):
    """Input that passed the form but not the use case (e.g. an e-mail already registered)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ClaimConflict(DomainError):
    """Someone else changed the object since it was loaded (optimistic locking)."""
