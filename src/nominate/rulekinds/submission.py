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
        if sub is None:
            return self.memoised(ctx, None, lambda: self._judge(None, None, None, ctx))
        method, postmark = sub.method, sub.postmarked
        day = None if sub.received is None else self.local_day(sub.received, ctx)
        # The finding depends on the method and two days only: a batch repeats them often.
        return self.memoised(
            ctx, (method, day, postmark), lambda: self._judge(method, day, postmark, ctx)
        )

    def _judge(
        self, method: str | None, day: date | None, postmark: date | None, ctx: Context
    ) -> Finding:
        missing = tuple(
            f"submission.{k}" for k, v in (("method", method), ("received", day)) if v is None
        )
        warned: dict[str, Any] = {}
        if method in self.originals_may_be_requested:
            warned = {
                "warnings": (t("submission.originals"),),
                "warning_clause": self.method_clause,
            }
        if missing:
            return Finding(Outcome.MISSING, t("submission.missing"), missing=missing, **warned)
        assert method is not None and day is not None
        params = dict(
            day=day, opens=self.opens, closes=self.closes, method=method, postmark=postmark
        )
        if day < self.opens:
            return Finding(Outcome.FAIL, t("submission.early", **params), **warned)
        if day <= self.closes:
            return Finding(Outcome.PASS, t("submission.in_window", **params), **warned)
        if method in self.postmark_methods:
            if postmark is not None and postmark <= self.closes:
                return Finding(
                    Outcome.PASS,
                    t("submission.postmark_ok", **params),
                    **warned,
                    clause=self.method_clause,
                )
            key = "submission.postmark_late" if postmark else "submission.no_postmark"
            return Finding(Outcome.FAIL, t(key, **params), **warned)
        return Finding(Outcome.FAIL, t("submission.late", **params), **warned)
