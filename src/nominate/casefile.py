"""The shape of a pack's cases file (``<pack>.cases.toml``), checked before any case runs.

Every key is known and typed: a mistyped key (``sett``, ``asof``), a string where a list
belongs (``unset = "nationality"``) or a date that is not ISO (``"2025-6-3"``) is refused
with its key path, since a case that says nothing tests nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from nominate.packfile import At

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NULL = "null"  # TOML has no null: an expectation of none is written "null"


def _kind(value: Any) -> str:
    """What a TOML value is, in TOML's words."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a time" if not isinstance(value, str) else repr(value[:40])


def iso_date(value: Any, wanted: str = "a date (YYYY-MM-DD)") -> date:
    """A TOML date (``2024-06-03``) or an ISO date string (``"2024-06-03"``); nothing else."""
    if isinstance(value, datetime):
        raise ValueError(f"should be {wanted}, not a date and time")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real calendar date") from None
    raise ValueError(f"should be {wanted}, not {_kind(value)}")


def _date_or_null(value: Any) -> date | None:
    return None if value == NULL else iso_date(value, f'a date (YYYY-MM-DD) or "{NULL}"')


def _null(value: Any) -> Any:
    return None if value == NULL else value


def _table(value: Any) -> Any:
    if not isinstance(value, dict):
        raise ValueError(f"should be a table, not {_kind(value)}")
    return value


def _array(value: Any) -> Any:
    if not isinstance(value, list):
        raise ValueError(f"should be an array, not {_kind(value)}")
    return value


CaseDate = Annotated[date, BeforeValidator(iso_date)]
DateOrNull = Annotated[date | None, BeforeValidator(_date_or_null)]
CountOrNull = Annotated[Annotated[StrictInt, Field(ge=0)] | None, BeforeValidator(_null)]
Ids = Annotated[list[StrictStr], BeforeValidator(_array)]
Table = Annotated[dict[str, Any], BeforeValidator(_table)]


class Expect(BaseModel):
    """What a case must give. Only the keys written are compared."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    status: Literal["eligible", "incomplete", "ineligible", "invalid"]
    failing: Ids = []  # rule ids that fail
    missing: Ids = []  # the result's missing list: key paths, then document ids
    warnings: Ids = []  # rule ids that warn, in any order
    errors: Ids = []  # fields of an invalid record
    qualifies_on: DateOrNull = None
    continuous_since: DateOrNull = None
    cumulative_days: CountOrNull = None


class CaseSpec(BaseModel):
    """One ``[[cases]]`` entry as written."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: StrictStr = Field(min_length=1)
    record: Table | None = None  # instead of [base]
    changes: Table = Field(default={}, alias="set")  # dotted path = new value
    removals: Ids = Field(default=[], alias="unset")  # dotted paths
    as_of: CaseDate | None = None
    expect: Annotated[Expect, BeforeValidator(_table)]


class CasesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    base: Table = {}
    cases: list[Annotated[CaseSpec, BeforeValidator(_table)]] = []

    @field_validator("cases", mode="before")
    @classmethod
    def _array_of_tables(cls, value: Any) -> Any:
        if isinstance(value, dict):
            raise ValueError("is one table: write each case under its own [[cases]]")
        return value

    @model_validator(mode="after")
    def _some_cases(self) -> CasesFile:
        if not self.cases:
            raise At("cases", "there are no cases, so nothing is tested: add [[cases]] entries")
        return self
