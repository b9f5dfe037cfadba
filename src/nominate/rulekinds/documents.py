"""C7 documents: every required item present (SPEC §2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from nominate.i18n import t
from nominate.results import Outcome
from nominate.rulekinds import Context, Finding, Rule

if TYPE_CHECKING:
    from nominate.models import Record


class RequiredDocuments(Rule):
    kind: Literal["required_documents"]
    required: list[str]
    minimum: dict[str, int] = {}
    waived_when_exempt: list[str] = []

    def vocabulary(self) -> dict[str, list[str]]:
        return {"documents": list(self.required)}

    def evaluate(self, record: Record, ctx: Context) -> Finding:
        docs = record.documents or {}
        exempt = record.alien_registration == "exempt"
        needed = [d for d in self.required if not (exempt and d in self.waived_when_exempt)]
        missing = tuple(d for d in needed if docs.get(d, 0) < self.minimum.get(d, 1))
        return self.memoised(
            ctx, (exempt, missing), lambda: self._judge(exempt, needed, missing, ctx)
        )

    def _judge(
        self, exempt: bool, needed: list[str], missing: tuple[str, ...], ctx: Context
    ) -> Finding:
        warnings = (t("documents.exempt_proof"),) if exempt and self.waived_when_exempt else ()
        if missing:
            return Finding(
                Outcome.MISSING,
                t(
                    "documents.missing",
                    count=len(missing),
                    items=t("text.separator").join(map(ctx.label, missing)),
                ),
                missing=missing,
                warnings=warnings,
            )
        return Finding(Outcome.PASS, t("documents.complete", count=len(needed)), warnings=warnings)
