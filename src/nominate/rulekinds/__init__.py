"""The registry of rule kinds: what the engine can do, parametrised by a rules pack.

Each kind is a small frozen pydantic model whose fields are its parameters in the pack, chosen
by the pack's ``kind`` tag. A kind reads a validated :class:`~nominate.models.Record` and
returns a :class:`Finding`; it may also refuse values outside its vocabulary
(:meth:`Rule.vocabulary_errors`), which makes the record ``invalid``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict

from nominate.i18n import current_language
from nominate.packfile import At
from nominate.results import FieldError, Outcome, ResidencyInfo

if TYPE_CHECKING:
    from nominate.models import Record


def _unique(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    for i, one in enumerate(ids):
        if one in seen:
            raise At(f"[{i}]", f"{one!r} is listed twice")
        seen.add(one)
    return ids


Ids = Annotated[list[str], AfterValidator(_unique)]  # a pack's list of ids, each once


@dataclass(frozen=True, slots=True)
class Context:
    """What every rule may use besides the record: the as-of date and the pack's settings."""

    as_of: date
    timezone: ZoneInfo
    names_seoul: Callable[[str], bool]
    label: Callable[[str], str] = str  # an id's plain name in the current language
    memo: dict[Hashable, Finding] = field(default_factory=dict)  # see Rule.memoised
    # for each rule of the pack, in order: what the engine made of each finding it has seen
    seen: tuple[dict[Finding, Any], ...] = ()


class Finding(NamedTuple):
    """What one rule found in one record."""

    outcome: Outcome
    message: str
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    residency: ResidencyInfo | None = None
    clause: str | None = None  # overrides the rule's clause (e.g. C6 for the method)
    warning_clause: str | None = None  # the clause the warnings cite, when not the rule's


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    clause: str

    def memoised(self, ctx: Context, key: Hashable, judge: Callable[[], Finding]) -> Finding:
        """``judge()``, remembered for the run under this rule, ``key`` and the language.

        For rules whose finding depends on a few values that repeat across a batch (a
        nationality, a registration status, the set of missing documents): a batch of
        100,000 records then renders each distinct message once. Findings are immutable.
        """
        full = (self.id, current_language(), key)
        memo = ctx.memo
        found = memo.get(full)
        if found is None:
            found = judge()
            if len(memo) < 16384:
                memo[full] = found
        return found

    def evaluate(self, record: Record, ctx: Context) -> Finding:
        raise NotImplementedError

    def vocabulary_errors(self, record: Record) -> list[FieldError]:
        return []

    def clauses(self) -> tuple[str, ...]:
        """Every clause this rule may cite."""
        return (self.clause,)

    def vocabulary(self) -> dict[str, list[str]]:
        """The ids this rule accepts, by SPEC §3 field path (for templates and interviews)."""
        return {}


def unknown_value(field: str, value: Any, allowed: list[str]) -> FieldError:
    from nominate.i18n import t

    return FieldError(
        field, t("record.unknown_value", value=str(value)[:40], allowed=", ".join(allowed))
    )
