"""C5/C6 submission: received within the window, or posted by the deadline (SPEC §2)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import model_validator

from nominate.i18n import t
from nominate.results import FieldError, Outcome
from nominate.rulekinds import Context, Finding, Rule, unknown_value

if TYPE_CHECKING:
    from nominate.models import Record


class SubmissionWindow(Rule):
    kind: Literal["submission_window"]
    method_clause: str
    opens: date
    closes: date
    methods: list[str]
    postmark_methods: list[str] = []
    originals_may_be_requested: list[str] = []

    @model_validator(mode="after")
    def _window(self) -> SubmissionWindow:
        if self.closes < self.opens:
            raise ValueError(f"the window closes ({self.closes}) before it opens ({self.opens})")
        for name in ("postmark_methods", "originals_may_be_requested"):
            stray = [m for m in getattr(self, name) if m not in self.methods]
            if stray:
                raise ValueError(f"{name} lists {', '.join(stray)}, which is not in methods")
        return self

    def clauses(self) -> tuple[str, ...]:
        return (self.clause, self.method_clause)

    def vocabulary(self) -> dict[str, list[str]]:
        return {"submission.method": list(self.methods)}

    def vocabulary_errors(self, record: Record) -> list[FieldError]:
        method = record.submission.method if record.submission else None
        if method is None or method in self.methods:
            return []
        return [unknown_value("submission.method", method, self.methods)]

    def local_day(self, received: date | datetime, ctx: Context) -> date:
        """The calendar day of receipt in the round's time zone."""
        if isinstance(received, datetime):
            if received.tzinfo is not None:
                received = received.astimezone(ctx.timezone)
            return received.date()
        return received

    def evaluate(self, record: Record, ctx: Context) -> Finding:
        sub = record.submission
        missing = tuple(
            f"submission.{k}"
            for k in ("method", "received")
            if sub is None or getattr(sub, k) is None
        )
        warned: dict[str, Any] = {}
        if sub is not None and sub.method in self.originals_may_be_requested:
            warned = {
                "warnings": (t("submission.originals"),),
                "warning_clause": self.method_clause,
            }
        if missing:
            return Finding(Outcome.MISSING, t("submission.missing"), missing=missing, **warned)
        assert sub is not None and sub.method is not None and sub.received is not None
        day = self.local_day(sub.received, ctx)
        params = dict(
            day=day,
            opens=self.opens,
            closes=self.closes,
            method=sub.method,
            postmark=sub.postmarked,
        )
        if day < self.opens:
            return Finding(Outcome.FAIL, t("submission.early", **params), **warned)
        if day <= self.closes:
            return Finding(Outcome.PASS, t("submission.in_window", **params), **warned)
        if sub.method in self.postmark_methods:
            if sub.postmarked is not None and sub.postmarked <= self.closes:
                return Finding(
                    Outcome.PASS,
                    t("submission.postmark_ok", **params),
                    **warned,
                    clause=self.method_clause,
                )
            key = "submission.postmark_late" if sub.postmarked else "submission.no_postmark"
            return Finding(Outcome.FAIL, t(key, **params), **warned)
        return Finding(Outcome.FAIL, t("submission.late", **params), **warned)
