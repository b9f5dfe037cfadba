"""C7 documents: every required item present (SPEC §2)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StrictInt, model_validator

from nominate.i18n import counted, quoted, t
from nominate.packfile import At, toml_key
from nominate.results import Outcome
from nominate.rulekinds import Context, Finding, Ids, Rule

if TYPE_CHECKING:
    from nominate.models import Record


class RequiredDocuments(Rule):
    kind: Literal["required_documents"]
    required: Ids = Field(min_length=1)
    minimum: dict[str, Annotated[StrictInt, Field(ge=1)]] = {}  # counted, not yes/no
    waived_when_exempt: Ids = []

    @model_validator(mode="after")
    def _known_ids(self) -> RequiredDocuments:
        for key in self.minimum:
            if key not in self.required:
                raise At(f"minimum.{toml_key(key)}", f"{key!r} is not in required")
        for i, doc in enumerate(self.waived_when_exempt):
            if doc not in self.required:
                raise At(f"waived_when_exempt[{i}]", f"{doc!r} is not in required")
        return self

    def vocabulary(self) -> dict[str, list[str]]:
        return {"documents": list(self.required)}

    @cached_property
    def needed(self) -> dict[bool, tuple[tuple[str, int], ...]]:
        """``(document, least count)`` required, for a candidate not exempt / exempt."""
        return {
            exempt: tuple(
                (d, self.minimum.get(d, 1))
                for d in self.required
                if not (exempt and d in self.waived_when_exempt)
            )
            for exempt in (False, True)
        }

    def evaluate(self, record: Record, ctx: Context) -> Finding:
        docs = record.documents or {}
        exempt = record.alien_registration == "exempt"
        needed = self.needed[exempt]
        missing = tuple(d for d, least in needed if docs.get(d, 0) < least)
        unknown = tuple(d for d in docs if d not in self.required)  # (a typo, most likely)
        return self.memoised(
            ctx,
            (exempt, missing, unknown),
            lambda: self._judge(exempt, needed, missing, unknown, ctx),
        )

    @staticmethod
    def _named(document: str, needed: tuple[tuple[str, int], ...], ctx: Context) -> str:
        """A missing document's name, with how many are needed when more than one is."""
        least = dict(needed).get(document, 1)
        name = ctx.label(document)
        return name if least == 1 else t("documents.at_least", item=name, count=least)

    def _judge(
        self,
        exempt: bool,
        needed: tuple[tuple[str, int], ...],
        missing: tuple[str, ...],
        unknown: tuple[str, ...],
        ctx: Context,
    ) -> Finding:
        warnings = (t("documents.exempt_proof"),) if exempt and self.waived_when_exempt else ()
        if unknown:
            separator = t("text.separator")
            ignored = t("documents.unknown", items=separator.join(map(quoted, unknown)),
                        known=separator.join(self.required))
            warnings = (*warnings, ignored)
        if missing:
            return Finding(
                Outcome.MISSING,
                counted(
                    "documents.missing",
                    len(missing),
                    count=len(missing),
                    items=t("text.separator").join(self._named(d, needed, ctx) for d in missing),
                ),
                missing=missing,
                warnings=warnings,
            )
        return Finding(Outcome.PASS, t("documents.complete", count=len(needed)), warnings=warnings)
