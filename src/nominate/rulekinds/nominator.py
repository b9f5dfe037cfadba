"""C4 nominator: a named head of a body, or enough Seoul citizens signing (SPEC §2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from pydantic import Field, StrictInt

from nominate.i18n import counted, t
from nominate.results import FieldError, Outcome
from nominate.rulekinds import Context, Finding, Rule, unknown_value

if TYPE_CHECKING:
    from nominate.models import Record, Signatory


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def count_signatories(signatories: list[Signatory], names_seoul: Callable[[str], bool]) -> int:
    """Distinct (name, address) pairs whose address names Seoul."""
    return len(
        {
            (_norm(s.name), _norm(s.address))
            for s in signatories
            if s.name and s.address and names_seoul(s.address)
        }
    )


class Nominator(Rule):
    kind: Literal["nominator"]
    named_types: list[str]
    citizens_type: str
    min_signatures: StrictInt = Field(ge=1)

    def vocabulary(self) -> dict[str, list[str]]:
        return {"nominator.type": [*self.named_types, self.citizens_type]}

    def vocabulary_errors(self, record: Record) -> list[FieldError]:
        kind = record.nominator.type if record.nominator else None
        known = [*self.named_types, self.citizens_type]
        return (
            [] if kind is None or kind in known else [unknown_value("nominator.type", kind, known)]
        )

    def evaluate(self, record: Record, ctx: Context) -> Finding:
        nominator = record.nominator
        if nominator is None or nominator.type is None:
            return Finding(Outcome.MISSING, t("nominator.missing"), missing=("nominator.type",))
        if nominator.type in self.named_types:
            if not nominator.name:
                return Finding(
                    Outcome.MISSING, t("nominator.name_missing"), missing=("nominator.name",)
                )
            return Finding(Outcome.PASS, t("nominator.named", name=nominator.name))
        if nominator.signatories:
            count = count_signatories(nominator.signatories, ctx.names_seoul)
            listed = len(nominator.signatories)
            numbers = dict(count=count, listed=listed, needed=self.min_signatures)
            if count >= self.min_signatures:
                return Finding(Outcome.PASS, counted("nominator.list_pass", count, **numbers))
            short = self.min_signatures - count
            message = counted("nominator.list_fail", count, short=short, **numbers)
            return Finding(Outcome.FAIL, message)
        if nominator.signatures is None:
            return Finding(
                Outcome.MISSING,
                t("nominator.signatures_missing", needed=self.min_signatures),
                missing=("nominator.signatures",),
            )
        count = nominator.signatures
        if count >= self.min_signatures:
            return Finding(
                Outcome.PASS,
                counted("nominator.count_pass", count, count=count, needed=self.min_signatures),
            )
        return Finding(
            Outcome.FAIL,
            counted(
                "nominator.count_fail",
                count,
                count=count,
                needed=self.min_signatures,
                short=self.min_signatures - count,
            ),
        )
