"""The one error type the core raises for input a person typed."""

from __future__ import annotations


class InvalidInput(ValueError):
    """Input that cannot be saved; `field` names the form field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class NeedsConfirmation(InvalidInput):
    """Input that is allowed but unusual enough to need an explicit "yes, this is right"."""
