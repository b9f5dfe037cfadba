"""Residency arithmetic (SPEC §2) beyond the pack's cases: spans, scope, qualifying dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nominate.models import Period
from nominate.rulekinds.residency import days_in, merge
from nominate.rules import load_pack

D = date


def test_merge_joins_overlapping_and_touching_but_not_gaps() -> None:
    spans = [
        (D(2020, 1, 1), D(2020, 1, 10)),
        (D(2020, 1, 11), D(2020, 1, 20)),
        (D(2020, 1, 5), D(2020, 1, 6)),
        (D(2020, 1, 22), D(2020, 1, 25)),
    ]
    assert merge(spans) == [(D(2020, 1, 1), D(2020, 1, 20)), (D(2020, 1, 22), D(2020, 1, 25))]
    assert days_in(merge(spans)) == 20 + 4


def test_periods_are_clipped_at_the_as_of_date() -> None:
    """A stay still going on counts to the as-of date; one that starts after it not at all."""
    periods = [
        {"start": "2024-05-01", "end": None, "city": "Seoul"},
        {"start": "2024-06-01", "end": None, "city": "Seoul"},
        {"start": "2024-05-20", "end": "2024-07-01", "city": "Seoul"},
    ]
    info, branch = _measure(load_pack(), periods)
    assert (info.continuous_since, info.cumulative_days, branch) == (D(2024, 5, 1), 31, None)
    assert _measure(load_pack(), periods[1:2])[0] == (None, 0, None)  # nothing yet: no date


NOTICE = D(2024, 5, 31)


def _measure(pack, periods, as_of=NOTICE):
    rule = pack.rule("residency")
    return rule.measure([Period(**p) for p in periods], pack.context(as_of))


@pytest.fixture
def korea(tmp_path: Path) -> Path:
    """The 2024 pack with the cumulative residency counted anywhere in Korea."""
    text = Path(load_pack().source).read_text(encoding="utf-8")
    path = tmp_path / "korea.toml"
    path.write_text(
        text.replace('cumulative_scope = "seoul"', 'cumulative_scope = "korea"'), encoding="utf-8"
    )
    return path


def test_scope_korea_counts_every_stay(korea: Path) -> None:
    periods = [
        {"start": "2018-01-01", "end": "2020-12-31", "city": "Busan"},
        {"start": "2021-01-01", "end": None, "city": "Daejeon"},
    ]
    info, branch = _measure(load_pack(str(korea)), periods)
    assert branch == "cumulative" and info.cumulative_days == 2343
    info, branch = _measure(load_pack(), periods)
    assert branch is None and info.cumulative_days == 0 and info.qualifies_on is None


def test_scope_korea_gives_a_qualifying_date_to_an_ongoing_stay_outside_seoul(
    korea: Path,
) -> None:
    info, branch = _measure(
        load_pack(str(korea)), [{"start": "2023-01-01", "end": None, "city": "Busan"}]
    )
    assert branch is None
    assert info.cumulative_days == 517
    assert info.qualifies_on == D(2024, 5, 31).fromordinal(D(2024, 5, 31).toordinal() + 1308)


@pytest.mark.parametrize(
    ("seoul_end", "expected"),
    [
        # the Seoul stay ends before its third anniversary (2025-01-01), the Busan one goes on:
        # only the cumulative days can qualify, on the day they reach 1825
        ("2024-10-31", D(2026, 12, 30)),
        # the Seoul stay goes on too: its anniversary comes first
        (None, D(2025, 1, 1)),
    ],
)
def test_scope_korea_qualifies_by_the_anniversary_only_if_the_seoul_stay_goes_on(
    korea: Path, seoul_end: str | None, expected: D
) -> None:
    """``qualifies_on`` is the first day on which the record would pass: checked on that day
    it passes, on the day before it does not (found by an independent audit)."""
    pack = load_pack(str(korea))
    periods = [
        {"start": "2022-01-01", "end": seoul_end, "city": "Seoul"},
        {"start": "2024-05-01", "end": None, "city": "Busan"},
    ]
    info, branch = _measure(pack, periods)
    assert branch is None and info.qualifies_on == expected
    assert _measure(pack, periods, expected)[1] is not None
    assert _measure(pack, periods, D.fromordinal(expected.toordinal() - 1))[1] is None


def test_no_qualifying_date_when_the_seoul_stay_has_an_end() -> None:
    info, _ = _measure(load_pack(), [{"start": "2023-01-01", "end": "2025-01-01", "city": "Seoul"}])
    assert info.continuous_since == D(2023, 1, 1) and info.qualifies_on is None


def test_add_years_is_relativedelta_for_every_day_of_three_decades() -> None:
    from dateutil.relativedelta import relativedelta

    from nominate.rulekinds.residency import add_years

    day = D(2000, 1, 1)
    while day < D(2030, 12, 31):
        for years in (3, 5):
            assert add_years(day, years) == day + relativedelta(years=years)
        day = day.fromordinal(day.toordinal() + 1)


@pytest.mark.parametrize("as_of", [D(9999, 12, 30), D(9999, 12, 31)])
def test_the_end_of_the_calendar_is_no_crash(as_of: D) -> None:
    """--as-of 9999-12-31 with an ongoing stay: the anniversary, the qualifying day and the
    day after a period lie past the calendar (ValueError, OverflowError: the whole run ended)."""
    periods = [{"start": "9998-01-01", "end": None, "city": "Seoul"},
               {"start": "9990-01-01", "end": "9997-12-31", "city": "Busan"}]
    info, branch = _measure(load_pack(), periods, as_of)
    assert branch is None and info.qualifies_on is None
    assert info.continuous_since == D(9998, 1, 1)
    assert info.cumulative_days == (as_of - D(9998, 1, 1)).days + 1
    touching = [{"start": "9990-01-01", "end": "9999-12-31", "city": "Seoul"},
                {"start": "9999-12-31", "end": None, "city": "Seoul"}]
    info, branch = _measure(load_pack(), touching, as_of)
    assert branch == "continuous"


def test_add_years_past_the_calendar_is_none() -> None:
    from nominate.rulekinds.residency import add_years

    assert add_years(D(9997, 2, 28), 3) is None
    assert add_years(D(9996, 2, 29), 3) == D(9999, 2, 28)
