"""A spreadsheet source built from the reader contract, for testing writers without readers.

A spreadsheet source sets ``headers`` (the header row as read) and gives each record its
``cells`` (the row's values as read, in header order) besides the SPEC §3 ``data``; asked
not to ``read`` them, it gives the cells only (``data`` None), as an annotated copy needs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nominate.sources import RawRecord


@dataclass
class FakeSheet:
    name: str
    headers: tuple[str, ...] | None
    rows: Sequence[tuple[tuple[Any, ...], Mapping[str, Any] | None]]
    fail_after: int | None = None  # raise while being read again, after this many rows
    reads: int = 0

    def records(self, read: bool = True) -> Iterator[RawRecord]:
        self.reads += 1
        for i, (cells, data) in enumerate(self.rows):
            if self.fail_after is not None and self.reads > 1 and i == self.fail_after:
                raise OSError("disk went away")
            yield RawRecord(self.name, f"row {i + 2}", data if read else None, cells=cells)

    def __len__(self) -> int:
        return len(self.rows)


HEADERS = ("Name", "id", "notes", "registration number", "photo", "received", "city note")


def good(**extra: Any) -> dict[str, Any]:
    """A record that passes every check of the 2024 pack."""
    record: dict[str, Any] = {
        "name": "Maria Schmidt",
        "nationality": "DE",
        "alien_registration": "registered",
        "residences": [{"start": "2018-03-01", "end": None, "city": "Seoul"}],
        "contributions": ["culture_welfare"],
        "nominator": {"type": "public_body_head", "name": "Mapo-gu Mayor"},
        "submission": {"method": "counter", "received": "2024-06-03"},
        "documents": {d: True for d in (
            "nomination_form", "nominator_seal", "photo", "alien_registration_certificate",
            "residence_history", "pledge", "privacy_consent", "achievement_evidence")},
    }
    record.update(extra)
    return record
