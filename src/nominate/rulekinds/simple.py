"""Rule kinds that look at one field: ``nationality`` and ``choice``."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from nominate.countries import is_alpha2, to_alpha2
from nominate.i18n import t
from nominate.packfile import At
from nominate.results import FieldError, Outcome
from nominate.rulekinds import Context, Finding, Ids, Rule, unknown_value

if TYPE_CHECKING:
    from nominate.models import Record


def _alpha2(code: str) -> str:
    """A code as records are read (ISO 3166-1 alpha-2, upper case): anything else in the
    pack would never match a record, and the nationals would pass."""
    if not is_alpha2(code):
        meant = to_alpha2(code)
        hint = f"; write {meant}" if meant else ", such as KR"
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 code in upper case{hint}")
    return code


class Nationality(Rule):
    """Passes for a foreign national; fails for the listed nationals (alpha-2 codes)."""

    kind: Literal["nationality"]
    nationals: list[Annotated[str, AfterValidator(_alpha2)]] = Field(min_length=1)

    def evaluate(self, record: Record, ctx: Context) -> Finding:
        code = record.nationality
        return self.memoised(ctx, code, lambda: self._judge(code))

    def _judge(self, code: str | None) -> Finding:
        if code is None:
            return Finding(Outcome.MISSING, t("nationality.missing"), missing=("nationality",))
        if code in self.nationals:
            return Finding(Outcome.FAIL, t("nationality.national", code=code))
        return Finding(Outcome.PASS, t("nationality.foreign", code=code))


class Choice(Rule):
    """A field holding one id (or a list of ids) from a vocabulary.

    Passes when a value is ``accepted``; fails when only ``refused`` values are given; adds a
    warning for each ``warn`` value present. Any other value makes the record invalid.
    """

    kind: Literal["choice"]
    field: Literal["alien_registration", "contributions"]
    accepted: Ids = Field(min_length=1)
    refused: Ids = []
    warn: Ids = []  # accepted values that pass with a warning

    @model_validator(mode="after")
    def _consistent(self) -> Choice:
        for i, value in enumerate(self.refused):
            if value in self.accepted:
                raise At(f"refused[{i}]", f"{value!r} is in accepted too")
        for i, value in enumerate(self.warn):
            if value not in self.accepted:
                raise At(f"warn[{i}]", f"{value!r} is not in accepted")
        return self

    def _values(self, record: Record) -> list[str]:
        value = getattr(record, self.field)
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)

    def vocabulary(self) -> dict[str, list[str]]:
        return {self.field: self.accepted + self.refused}

    @cached_property
    def known_ids(self) -> frozenset[str]:
        return frozenset(self.accepted + self.refused)

    def vocabulary_errors(self, record: Record) -> list[FieldError]:
        values = self._values(record)
        if self.known_ids.issuperset(values):
            return []
        known = self.accepted + self.refused
        many = self.field == "contributions"
        return [
            unknown_value(f"{self.field}[{i}]" if many else self.field, v, known)
            for i, v in enumerate(values)
            if v not in known
        ]

    def evaluate(self, record: Record, ctx: Context) -> Finding:
        values = tuple(self._values(record))
        return self.memoised(ctx, values, lambda: self._judge(values, ctx))

    def _judge(self, values: tuple[str, ...], ctx: Context) -> Finding:
        if not values:
            return Finding(
                Outcome.MISSING, t(f"choice.{self.field}.missing"), missing=(self.field,)
            )
        shown = t("text.separator").join(ctx.label(v) for v in values)
        warnings = tuple(
            t(f"choice.{self.field}.warn", value=ctx.label(v)) for v in values if v in self.warn
        )
        if any(v in self.accepted for v in values):
            return Finding(
                Outcome.PASS, t(f"choice.{self.field}.pass", value=shown), warnings=warnings
            )
        return Finding(Outcome.FAIL, t(f"choice.{self.field}.fail", value=shown), warnings=warnings)
