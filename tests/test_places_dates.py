"""SPEC §2 'Seoul' and SPEC §3 date forms, at their edges."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from nominate.dates import DateFormError, parse_date, parse_moment
from nominate.rules import load_pack

names_seoul = load_pack().names_seoul
KST = timezone(timedelta(hours=9))


@pytest.mark.parametrize(
    "text",
    [
        "Seoul",
        "seoul",
        "SEOUL",
        "Seoul-si",
        "Seoul Special City",
        "서울특별시 마포구",
        "Jongno-gu, Seoul 03154",
        "서울",
        "서울시",
        "(서울)",
        "ソウル市",
        "ソウル特別市 中区",
        "首尔市",
        "首爾",
        "Mapo-gu,Seoul",
        "Seoul.",
        "Seoul_Mapo",
    ],
)
def test_names_seoul(text: str) -> None:
    assert names_seoul(text)


@pytest.mark.parametrize(
    "text",
    [
        "Seoulland, Gwacheon",
        "Busan",
        "서울대입구역앞",
        "NewSeoul",
        "Seoul2",
        "",
        "Seo ul",
        "서울랜드",
    ],
)
def test_does_not_name_seoul(text: str) -> None:
    assert not names_seoul(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-03", date(2024, 6, 3)),
        ("2024-6-3", date(2024, 6, 3)),
        ("2024/06/03", date(2024, 6, 3)),
        ("2024.06.03", date(2024, 6, 3)),
        ("2024. 6. 3.", date(2024, 6, 3)),
        ("2024. 6. 3", date(2024, 6, 3)),
        ("2024년 6월 3일", date(2024, 6, 3)),
        ("2024년6월3일", date(2024, 6, 3)),
        ("2024年6月3日", date(2024, 6, 3)),
        ("２０２４年６月３日", date(2024, 6, 3)),
        ("  2024-06-03 ", date(2024, 6, 3)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_accepted_date_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("06/05/2024", "is ambiguous; write 2024-06-05 or 2024-05-06"),
        ("13/06/2024", "is ambiguous; write 2024-06-13"),
        ("06-10-2024", "2024-06-10"),
        ("2023-02-29", "not a real calendar date"),
        ("2024/13/01", "not a real calendar date"),
        ("yesterday", "not a date in an accepted form"),
        ("24-06-03", "not a date in an accepted form"),
        ("2024-06", "not a date in an accepted form"),
        # ISO forms that are not year-month-day (Python's fromisoformat reads them)
        ("2024-W23-1", "not a date in an accepted form"),
        ("20240603", "not a date in an accepted form"),
        ("2024-155", "not a date in an accepted form"),
    ],
)
def test_refused_date_forms(text: str, fragment: str) -> None:
    with pytest.raises(DateFormError) as err:
        parse_date(text)
    assert fragment in str(err.value)
    if "accepted form" in fragment or "ambiguous" in fragment:
        assert "YYYY-MM-DD" in str(err.value)


@pytest.mark.parametrize(
    "text",
    [
        "2024-06-28 18:00:00",  # what LibreOffice exports for a date-time cell
        "2024-06-28 18:00",
        "2024-06-28T18:00:00.5",
        "2024-06-28T23:30:00-04:00",  # the day as written: a postmark stamps the local day
        "2024-06-28T01:00:00Z",
    ],
)
def test_a_date_time_in_a_date_field_is_its_day(text: str) -> None:
    """Like a date-time cell (below): the timestamps a moment may be, as the day they name."""
    assert parse_date(text) == date(2024, 6, 28)
    assert parse_moment(text).date() == date(2024, 6, 28)  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["2024-06-28 25:00", "2024-06-28 noon", "2024/06/28 18:00"])
def test_a_date_field_refuses_what_a_moment_refuses(text: str) -> None:
    for parse in (parse_date, parse_moment):
        with pytest.raises(DateFormError):
            parse(text)
    with pytest.raises(DateFormError, match="accepted form"):
        parse_date(text)  # told the date forms, not asked for a timestamp


@pytest.mark.parametrize(
    "text",
    [
        "2024-06-28+09:00",  # an XML Schema date with its zone: not 9 o'clock
        "2024-05-31+14:00",
        "2024-06-28-05:00",
        "2024-06-28x12:00",
        "2024-06-28_12:00:00",
    ],
)
def test_only_t_or_a_space_joins_a_date_and_a_time(text: str) -> None:
    """Python's fromisoformat takes any character between the date and the time, and would
    read a date with its zone as a time of that day: neither a moment nor a date."""
    with pytest.raises(DateFormError, match="not a readable timestamp"):
        parse_moment(text)
    with pytest.raises(DateFormError, match="accepted form"):
        parse_date(text)
    assert parse_moment(text[:10] + "t" + text[11:]).date() == parse_date(text[:10])


def test_real_date_cells() -> None:
    assert parse_date(datetime(2024, 6, 3, 0, 0)) == date(2024, 6, 3)
    assert parse_date(date(2024, 6, 3)) == date(2024, 6, 3)
    with pytest.raises(DateFormError):
        parse_date(45000)


def test_moments() -> None:
    aware = parse_moment("2024-06-28T10:30:00-04:00")
    assert aware == datetime(2024, 6, 28, 10, 30, tzinfo=timezone(timedelta(hours=-4)))
    assert parse_moment("2024-06-28 23:59") == datetime(2024, 6, 28, 23, 59)
    assert parse_moment("2024-06-28T01:00:00Z").tzinfo is not None
    assert parse_moment("2024년 6월 28일") == date(2024, 6, 28)
    assert parse_moment(datetime(2024, 6, 28)) == date(2024, 6, 28)
    assert parse_moment("2024-06-28 0:00:00") == date(2024, 6, 28)
    assert parse_moment("2024-06-28 00:00:01") == datetime(2024, 6, 28, 0, 0, 1)
    with pytest.raises(DateFormError):
        parse_moment("2024-06-28T25:00")
    for week_date in ("2024-W26-5", "2024-W26-5T10:30:00+09:00", "2024-W26-5 10:30"):
        with pytest.raises(DateFormError):  # the ISO week date of 2024-06-28
            parse_moment(week_date)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("２０２４-０６-２８Ｔ１０:３０:００+09:00", datetime(2024, 6, 28, 10, 30, tzinfo=KST)),
        ("２０２４-０６-２８ １８：００", datetime(2024, 6, 28, 18, 0)),
        ("2024-06-28T10:30:00+09:00", datetime(2024, 6, 28, 10, 30, tzinfo=KST)),
    ],
)
def test_a_timestamp_typed_full_width_is_read(text: str, expected: datetime) -> None:
    """An input method may type the digits full-width, as for dates; the day is its day."""
    assert parse_moment(text) == expected
    assert parse_date(text) == expected.date()


@pytest.mark.parametrize(
    "text",
    [
        "2024-06-28 00:00:00",
        "２０２４-０６-２８ ００：００：００",
        "２０２４-０６-２８ ０：００：００",
    ],
)
def test_a_midnight_time_typed_full_width_is_the_day_as_in_ascii(text: str) -> None:
    """A date cell exported with its midnight time is the day, however its digits are typed
    (full-width, it was a date-time, or refused with one digit for the hour)."""
    assert parse_moment(text) == date(2024, 6, 28)
    assert type(parse_moment(text)) is date


def test_a_full_width_timestamp_that_is_none_quotes_what_was_written() -> None:
    with pytest.raises(DateFormError, match="'２０２４-０６-２８Ｔ９９:００' is not a readable"):
        parse_moment("２０２４-０６-２８Ｔ９９:００")


@pytest.mark.parametrize(
    "text", ["9999-12-31T23:00:00-12:00", "9999-12-31T10:00:00+09:00", "0001-01-01T00:30:00+14:00",
             "9999-12-30T16:00-23:59", "9999-12-30T23:59:59-23:59:59", "0001-01-02T01:00+23:59"]
)
def test_a_moment_at_an_end_of_the_calendar_is_refused_not_a_bug(text: str) -> None:
    """Its day in the round's time zone may lie beyond the year 9999 (or before the year 1):
    the record is invalid naming the field, where it met an internal error (OverflowError)."""
    with pytest.raises(DateFormError, match="too close to an end of the calendar"):
        parse_moment(text)
    assert parse_moment("9999-12-29T23:59:59-23:59:59").year == 9999  # (two days short: read)
    assert parse_moment("9999-12-31T23:00:00") == datetime(9999, 12, 31, 23)  # (no offset)


@pytest.mark.parametrize(("lang", "readings"), [
    ("en", "2024-06-10 or 2024-10-06"), ("ko", "2024-06-10, 2024-10-06"),
    ("ja", "2024-06-10、2024-10-06"),
])
def test_an_ambiguous_date_offers_its_readings_in_the_language(lang: str, readings: str) -> None:
    """The readings were joined by an English 'or' in every language."""
    from nominate.i18n import set_language

    set_language(lang)
    try:
        with pytest.raises(DateFormError) as err:
            parse_date("06/10/2024")
    finally:
        set_language("en")
    assert readings in str(err.value)
