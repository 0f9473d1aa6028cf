"""Why an input could not be read: one exception class, carrying a reason a user can act on."""

from __future__ import annotations

from newsprism.errors import NewsprismError

__all__ = ["UnreadableInput"]


class UnreadableInput(NewsprismError):
    """An input (or one record of it) cannot become an article; ``reason`` says why."""

    code = "NP-E101"

    def __init__(self, reason: str, record: str | None = None) -> None:
        super().__init__(reason, value=record)
        self.reason = reason
        self.record = record
