"""The one error type the core raises for input a person typed."""

from __future__ import annotations


class InvalidInput(ValueError):
    """Input that cannot be saved; `field` names the form field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
