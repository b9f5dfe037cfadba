"""C1 residency: continuous years in Seoul on the as-of date, or cumulative days (SPEC §2)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import MAXYEAR, date, timedelta
from typing import TYPE_CHECKING, Literal

from pydantic import Field, StrictInt

from nominate.i18n import t
from nominate.results import Outcome, ResidencyInfo
from nominate.rulekinds import Context, Finding, Rule

if TYPE_CHECKING:
    from nominate.models import Period, Record



def add_years(start: date, years: int) -> date | None:
    """``start + relativedelta(years=years)``: a 29 February reaches its anniversary on
    28 February in a common year; None past the year 9999. (Written out because it runs once
    per record; a test checks it against dateutil for every day of three decades.)"""
    if start.year + years > MAXYEAR:
        return None
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def merge(spans: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Join spans (inclusive) that overlap or touch: the next start at most a day after."""
    runs: list[tuple[date, date]] = []
    for start, end in sorted(spans):
        if runs and (start - runs[-1][1]).days <= 1:  # (no date arithmetic past 9999-12-31)
            if end > runs[-1][1]:
                runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


def days_in(runs: Iterable[tuple[date, date]]) -> int:
    return sum((end - start).days + 1 for start, end in runs)


class Residency(Rule):
    kind: Literal["residency"]
    # Bounded: a round asks for a few years; 8000 ran the dates past year 9999.
    continuous_years: StrictInt = Field(ge=0, le=100)
    cumulative_years: StrictInt = Field(ge=0, le=100)
    days_per_year: StrictInt = Field(default=365, ge=1, le=366)
    cumulative_scope: Literal["seoul", "korea"] = "seoul"

    def measure(self, periods: list[Period], ctx: Context) -> tuple[ResidencyInfo, str | None]:
        """The residency figures, and the branch that passes (``continuous``, ``cumulative``)."""
        as_of = ctx.as_of
        in_seoul = ctx.names_seoul
        korea = self.cumulative_scope == "korea"
        seoul: list[tuple[date, date]] = []  # the periods, clipped at the as-of date
        everywhere: list[tuple[date, date]] = []  # (only counted when the scope is Korea)
        ongoing = False  # a stay under the active scope still going on at the as-of date
        seoul_ongoing = False  # ... in Seoul: only then does the Seoul run go on
        for p in periods:  # (one pass: this runs for every record)
            start, end = p.start, p.end
            if start > as_of:
                continue
            here = in_seoul(p.city)
            if end is None:
                end = as_of
                ongoing = ongoing or here or korea
                seoul_ongoing = seoul_ongoing or here
            elif end > as_of:
                end = as_of
            if here:
                seoul.append((start, end))
            if korea:
                everywhere.append((start, end))
        seoul_runs = merge(seoul)
        cumulative = days_in(merge(everywhere) if korea else seoul_runs)
        # the run that reaches the as-of date can only be the last one
        since = seoul_runs[-1][0] if seoul_runs and seoul_runs[-1][1] == as_of else None
        anniversary = None if since is None else add_years(since, self.continuous_years)
        if anniversary is not None and anniversary <= as_of:
            return ResidencyInfo(since, cumulative, None), "continuous"
        if cumulative >= self.needed_days:
            return ResidencyInfo(since, cumulative, None), "cumulative"
        # Short: when does an ongoing stay reach either branch?
        qualifies: date | None = None
        if ongoing:
            with contextlib.suppress(OverflowError):  # (past the year 9999: never)
                qualifies = as_of + timedelta(days=self.needed_days - cumulative)
            # (the anniversary only if the Seoul stay goes on: with the scope Korea the stay
            # going on may be elsewhere, and a Seoul stay that ends first never reaches it)
            if (
                anniversary is not None
                and seoul_ongoing
                and (qualifies is None or anniversary < qualifies)
            ):
                qualifies = anniversary
        return ResidencyInfo(since, cumulative, qualifies), None

    @property
    def needed_days(self) -> int:
        return self.cumulative_years * self.days_per_year

    def evaluate(self, record: Record, ctx: Context) -> Finding:
        if not record.residences:
            return Finding(
                Outcome.MISSING,
                t("residency.missing"),
                missing=("residences",),
                residency=ResidencyInfo(None, 0, None),
            )
        info, branch = self.measure(record.residences, ctx)
        if branch == "continuous":  # the common case, with the fewest parameters to render
            message = t(
                "residency.pass_continuous",
                since=info.continuous_since,
                years=self.continuous_years,
                as_of=ctx.as_of,
            )
            return Finding(Outcome.PASS, message, residency=info)
        params = dict(
            since=info.continuous_since,
            days=info.cumulative_days,
            needed=self.needed_days,
            years=self.continuous_years,
            cyears=self.cumulative_years,
            as_of=ctx.as_of,
            scope=t(f"residency.scope.{self.cumulative_scope}"),
        )
        if branch is not None:
            message = t(f"residency.pass_{branch}", **params)
            return Finding(Outcome.PASS, message, residency=info)
        key = "residency.fail_short" if info.continuous_since else "residency.fail_away"
        message = t(key, **params)
        if info.qualifies_on is not None:
            message += " " + t("residency.qualifies_on", date=info.qualifies_on)
        return Finding(Outcome.FAIL, message, residency=info)
