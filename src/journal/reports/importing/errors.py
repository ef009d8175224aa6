"""A file that cannot be imported, and where in it the problem is.

Every refusal names the file, the line (and column, where it is known) and the
field, so a person can open the file and correct it. JSON entries are
remembered by their path in the document ("intakes[3].amount"); their line is
looked up only when a problem is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

Steps = tuple[str | int, ...]


class ImportFileError(ValueError):
    """A file that cannot be imported; says where (file, line, column, field) and what is wrong."""

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        line: int | None = None,
        column: int | None = None,
        field: str = "",
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        super().__init__(self.text())

    def text(self) -> str:
        place = ", ".join(
            part
            for part in (
                f"line {self.line}" if self.line is not None else "",
                f"column {self.column}" if self.column is not None else "",
            )
            if part
        )
        if self.field:
            place = f"{place} ({self.field})" if place else self.field
        head = ": ".join(p for p in (self.file, place) if p)
        return f"{head}: {self.message}" if head else self.message

    def __str__(self) -> str:
        return self.text()


def show(value: Any, limit: int = 40) -> str:
    """A value quoted for a message, shortened."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"“{text}”"


class Where(NamedTuple):
    """The place of an entry in the file: a CSV line, or a JSON path (its line found on demand).

    A tuple, not a dataclass: one is kept for every entry of a file, for the messages
    a later step may need.
    """

    file: str
    line: int | None = None
    steps: Steps = ()
    locate: Callable[[Steps], tuple[int, int] | None] | None = None
    column: int | None = None

    @property
    def path(self) -> str:
        return path_text(self.steps)

    def text(self) -> str:
        if self.line is not None:
            return f"{self.file} line {self.line}"
        return f"{self.file} {self.path}".strip()

    def error(self, message: str, field_name: str = "") -> ImportFileError:
        """An error at this entry, or at one of its fields ("amount", "findings[0].level")."""
        if self.line is not None or self.locate is None:
            return ImportFileError(
                message, file=self.file, line=self.line, column=self.column, field=field_name or self.path
            )
        steps = (*self.steps, *parse_path(field_name))
        found = self.locate(steps) or self.locate(self.steps)
        line, column = found if found is not None else (None, None)
        return ImportFileError(message, file=self.file, line=line, column=column, field=path_text(steps))


def path_text(steps: Steps) -> str:
    """("intakes", 3, "amount") -> "intakes[3].amount"."""
    out = ""
    for step in steps:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def parse_path(text: str) -> Steps:
    """The inverse of path_text."""
    return tuple(name if name else int(index) for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text))
