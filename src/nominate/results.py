"""The result of checking one record (SPEC §4), as frozen value types.

These are named tuples: immutable, and cheap to build for 100,000 records. ``schema.py``
derives the JSON Schema (``nominate schema result``) from them.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple


class Status(StrEnum):
    ELIGIBLE = "eligible"
    INCOMPLETE = "incomplete"
    INELIGIBLE = "ineligible"
    INVALID = "invalid"


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    MISSING = "missing"


# The small value types are named tuples: immutable, and built in C (a run makes millions).


class Check(NamedTuple):
    rule: str
    outcome: Outcome
    clause: str
    message: str


class WarningItem(NamedTuple):
    rule: str
    clause: str | None
    message: str


# The rule id of a warning about a whole sheet (its absent columns), which every record of the
# sheet carries: a table says it once, under the candidates.
SHEET_WARNING = "columns"


class FieldError(NamedTuple):
    field: str
    message: str


class ResidencyInfo(NamedTuple):
    continuous_since: date | None
    cumulative_days: int
    qualifies_on: date | None


class Result(NamedTuple):
    id: str
    name: str | None
    status: Status
    checks: tuple[Check, ...] = ()
    missing: tuple[str, ...] = ()
    warnings: tuple[WarningItem, ...] = ()
    residency: ResidencyInfo | None = None
    errors: tuple[FieldError, ...] = ()
    # Where the record came from (file, position); not part of the JSON result.
    source: str = ""
    position: str = ""

    def with_warnings(self, extra: tuple[WarningItem, ...]) -> Result:
        return self._replace(warnings=self.warnings + extra)

    def failing(self) -> list[str]:
        return [c.rule for c in self.checks if c.outcome is Outcome.FAIL]

    def to_dict(self) -> dict[str, Any]:
        """The SPEC §4 object, with every key present, in the documented order."""
        res = self.residency
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status.value,
            "checks": [
                {
                    "rule": c.rule,
                    "outcome": c.outcome.value,
                    "clause": c.clause,
                    "message": c.message,
                }
                for c in self.checks
            ],
            "missing": list(self.missing),
            "warnings": [
                {"rule": w.rule, "clause": w.clause, "message": w.message} for w in self.warnings
            ],
            "residency": None
            if res is None
            else {
                "continuous_since": _iso(res.continuous_since),
                "cumulative_days": res.cumulative_days,
                "qualifies_on": _iso(res.qualifies_on),
            },
            "errors": [{"field": e.field, "message": e.message} for e in self.errors],
        }


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
