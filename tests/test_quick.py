"""The quick way from a spreadsheet row to a record (``nominate.sources.quick``) makes the
record the long way makes (the row's SPEC §3 dictionary, then the record model), with the
same fields given and the same labels; and it gives up exactly on the rows the long way
refuses. Checked on every spreadsheet the tests and samples hold, and on generated rows of
every kind of cell a sheet may hold (text as typed, and the numbers, booleans and dates a
spreadsheet program stores)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from nominate.columns import all_columns
from nominate.engine import evaluate
from nominate.models import Nominator, Period, Record, Submission
from nominate.results import Status
from nominate.rules import load_pack
from nominate.run import duplicate_key, record_key
from nominate.sources import LaterData, RawRecord, ReadOptions, open_source
from nominate.sources.cells import Layout, make_layout
from nominate.sources.quick import QuickRows, _maker
from nominate.sources.sheetscan import UnreadCell

ROOT = Path(__file__).resolve().parents[1]
PACK = load_pack()
REFUSED = {"no_name", "legacy_renamed", "stray_corner"}  # (files refused whole: no rows)
SHEETS = sorted(
    p
    for folder in (ROOT / "samples", ROOT / "tests" / "fixtures" / "sheets")
    for p in folder.iterdir()
    if p.suffix in (".csv", ".xlsx") and p.stem not in REFUSED
)


def _long_way(layout: Layout, raw: RawRecord) -> tuple[Record | None, dict[str, str]]:
    """The record and labels of a row as the long way reads it (None when it is refused)."""
    labels: dict[str, str] = {}
    errors: list[Any] = []
    cells = raw.cells
    data = layout.fields(raw.position, cells, labels, errors)
    if errors:
        return None, labels
    try:
        return Record.model_validate(data), labels
    except ValidationError:
        return None, labels


def _same_model(quick: BaseModel, long: BaseModel) -> None:
    assert quick == long
    assert repr(quick) == repr(long)
    assert quick.model_dump() == long.model_dump()
    assert list(quick.__dict__) == list(long.__dict__)  # (the fields in their order)
    assert quick.model_fields_set == long.model_fields_set
    for name in type(long).model_fields:
        inner, other = getattr(quick, name), getattr(long, name)
        assert type(inner) is type(other), name  # a date stays a date, not a datetime
        if isinstance(other, BaseModel):
            _same_model(inner, other)
        if isinstance(other, list):
            for a, b in zip(inner, other, strict=True):
                assert type(a) is type(b)
                if isinstance(b, BaseModel):
                    _same_model(a, b)


def _compare(layout: Layout, number: int, cells: list[Any]) -> RawRecord | None:
    raw = layout.record(number, cells)
    if raw is None:
        return None
    again = layout.record(number, cells)  # (what each cell became, remembered this time)
    assert again is not None and again.record == raw.record and again.labels == raw.labels
    long, labels = _long_way(layout, raw._replace(cells=tuple(cells)))
    if raw.record is None:
        assert long is None, "the quick way gave up on a row the long way reads"
    else:
        assert long is not None, "the quick way read a row the long way refuses"
        _same_model(raw.record, long)
        assert raw.labels == labels
        assert isinstance(raw.data, LaterData)
        assert dict(raw.data) == layout.fields(raw.position, cells)
        # one person, one key, whichever way the row was read (duplicate warnings)
        assert record_key(raw.record) == duplicate_key(raw.data)
    return raw


@pytest.mark.parametrize("path", SHEETS, ids=lambda p: p.name)
def test_every_sheet_reads_the_same_both_ways(path: Path) -> None:
    source: Any = open_source(str(path), ReadOptions(pack=PACK))
    layout: Layout = source.layout
    quick = 0
    for raw in source.records():
        if layout.periods is None:  # (periods joined from another sheet: the long way)
            long, labels = _long_way(layout, raw)
            assert (raw.record is None) == (long is None), raw.position
            if long is not None:
                assert raw.record is not None
                _same_model(raw.record, long)
                assert raw.labels == labels
                quick += 1
        else:
            assert raw.record is None
    if layout.periods is None and path.name.startswith("nominations"):
        assert quick >= 5  # the samples' valid rows came the quick way


# Generated rows: a header of every column; in each column, the values that column takes
# (as typed, and as a spreadsheet program stores them), or on some rows odd values and
# anything at all.
COLUMNS = all_columns(PACK)
HEADER = [c.key for c in COLUMNS]
LANGS = ("en", "ko", "ja")
days = st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31))
free_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)
blank = st.sampled_from(["", " ", "\u3000", "\t"]) | st.none()
dates = st.one_of(
    days.map(lambda d: d.isoformat()),
    days.map(lambda d: f"{d.year}. {d.month}. {d.day}."),
    days.map(lambda d: f"{d.year}년 {d.month}월 {d.day}일"),
    days.map(lambda d: f"{d.year}/{d.month}/{d.day}"),
    days.map(lambda d: f"{d.isoformat()} 00:00:00"),
    days,
    st.builds(datetime.combine, days, st.sampled_from([time(), time(18, 0)])),
)
period = st.builds(
    lambda s, n, city, sep: f"{s}{sep}{'' if n is None else s + timedelta(n)} {city}",
    days,
    st.none() | st.integers(0, 3000),
    st.sampled_from(["Seoul", "서울특별시 마포구", "Busan", "3-5 Hannam-dong"]),
    st.sampled_from(["..", " ~ ", "~", "〜"]),
)


def _spellings(*ids: str) -> st.SearchStrategy[str]:
    return st.sampled_from([s for i in ids for s in (i, *(PACK.label(i, g) for g in LANGS))])


VALID: dict[str, st.SearchStrategy[Any]] = {
    "id": free_text | st.integers(1, 99).map(float),
    "name": st.sampled_from(["田中 愛子", " Maria ", "王 伟", "x\u200b"])
    | free_text.filter(str.strip),
    "nationality": st.sampled_from(["JP", "日本", "Germany", "jp", "ＤＥ", "미국"]),
    "alien_registration": _spellings("registered", "exempt", "none"),
    "registration_number": st.sampled_from(
        ["900101-5123456", "9001015123456", "900101 6123456", "900101-5******"]
    )
    | st.just(9001015123456.0),
    "residences": st.lists(period, min_size=1, max_size=3).map("; ".join),
    "contributions": st.lists(_spellings("economy", "culture_welfare", "honor"), max_size=3).map(
        ", ".join
    ),
    "nominator_type": _spellings("citizens", "public_body_head", "social_org_head"),
    "signatures": st.sampled_from(["31", "３１", "0"]) | st.integers(0, 60).map(float),
    "submission_method": _spellings("mail", "counter", "email"),
    "received": dates | days.map(lambda d: f"{d.isoformat()}T10:30:00+09:00"),
    "postmarked": dates,
}
YES_NO = st.sampled_from(["yes", "no", "O", "X", "Ｏ", "예", "いいえ", "true", "1", "0", "３"])
ODD: dict[str, st.SearchStrategy[Any]] = {
    "nationality": st.sampled_from(["Atlantis", "KR"]),
    "alien_registration": st.just("maybe"),
    "registration_number": st.sampled_from(["900101-1123456", "12", "101512345.0"]) | st.just(12.5),
    "residences": st.sampled_from(
        ["2020-01-01..", ";", "2020-01-01..2019-01-01 Seoul", "since 2019", "2019~2020 Seoul"]
    ),
    "contributions": st.sampled_from(["economy, nothing", ",", "other"]),
    "signatures": st.sampled_from(["-1", "many", "2.5"]),
    "submission_method": st.just("fax"),
    "received": st.sampled_from(["2024-06-28T25:00", "2024-W23-1", "06/10/2024"]),
    "postmarked": st.sampled_from(["06/10/2024", "2024-02-30"]),
}
anything = st.one_of(  # what a cell of any column may hold (all that calamine returns)
    free_text,
    blank,
    st.floats(width=32),
    st.sampled_from([float("nan"), float("inf"), -0.0, 1e20, 2.0**63, 9001015123456.0]),
    st.integers(-(2**64), 2**64),
    st.booleans(),
    days,
    st.builds(datetime.combine, days, st.times()),
    st.times(),
    st.timedeltas(max_value=timedelta(days=5000)),
    st.sampled_from(["#N/A", "=A1+1"]).map(UnreadCell.error),
)


def _cell(key: str, odd: bool) -> st.SearchStrategy[Any]:
    usual = VALID.get(key, YES_NO | st.sampled_from([1.0, 0.0, 2.0, True, False]))
    if not odd:
        return usual if key == "name" else usual | blank
    return st.one_of(usual, usual, ODD.get(key, st.sampled_from(["maybe", "-1", 2.5])), anything)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.permutations(range(len(HEADER))), st.integers(1, len(HEADER)), st.data())
def test_generated_rows_read_the_same_both_ways(order: list[int], width: int, data: Any) -> None:
    chosen = ["name", *(HEADER[i] for i in order[:width] if HEADER[i] != "name")]
    layout = make_layout("t.xlsx", chosen, len(chosen), PACK)
    for number in range(2, 6):
        odd = data.draw(st.booleans())
        count = data.draw(st.integers(1, len(chosen)))
        _compare(layout, number, [data.draw(_cell(key, odd)) for key in chosen[:count]])


def test_a_row_of_valid_cells_comes_the_quick_way() -> None:
    layout = make_layout("t.csv", HEADER, len(HEADER), PACK)
    values = {
        "id": " 2024-7 ",
        "name": "田中 愛子",
        "nationality": "日本",
        "alien_registration": "외국인등록",
        "registration_number": "900101 - 6123456",
        "residences": "2016-03-01..2018-02-28 Busan; 2018-03-01.. Seoul",
        "contributions": "economy; culture",
        "nominator_type": "citizens",
        "signatures": "３１",
        "submission_method": "우편",
        "received": "2024년 6월 3일",
        "postmarked": "2024.6.1",
    }
    cells = [values.get(key, "O") for key in HEADER]
    raw = _compare(layout, 2, cells)
    assert raw is not None and raw.record is not None
    assert raw.record.residences is not None and len(raw.record.residences) == 2
    assert raw.labels["residences[1].start"] == "residences (period 2, start)"
    # the same cells again: remembered, and still each record its own list
    again = layout.record(3, cells)
    assert again is not None and again.record == raw.record
    assert again.record.contributions is not raw.record.contributions


def test_a_refused_cell_sends_the_row_the_long_way() -> None:
    layout = make_layout("t.csv", ["name", "received", "photo"], 3, PACK)
    raw = layout.record(14, ["Maria", "06/10/2024", "yes"])
    assert raw is not None and raw.record is None
    result = evaluate(raw, PACK, PACK.context())
    assert result.status is Status.INVALID
    assert [e.field for e in result.errors] == ["received"]
    assert "'06/10/2024' is ambiguous; write 2024-06-10" in result.errors[0].message


def test_a_quick_reader_is_made_once_per_layout() -> None:
    layout = make_layout("t.csv", ["name"], 1, PACK)
    layout.record(2, ["a"])
    made = layout._quick
    layout.record(3, ["b"])
    assert isinstance(made, QuickRows) and layout._quick is made


@pytest.mark.parametrize("path", SHEETS, ids=lambda p: p.name)
def test_rows_read_again_for_a_copy_keep_their_cells_unconverted(path: Path) -> None:
    """An annotated copy reads a sheet again for its cells only: the same rows, positions
    and cells as the check read, none of them made into a record again."""
    source: Any = open_source(str(path), ReadOptions(pack=PACK))
    checked = [(raw.position, raw.cells) for raw in source.records()]
    again = list(source.records(read=False))
    assert [(raw.position, raw.cells) for raw in again] == checked
    assert all(raw.data is None and raw.record is None for raw in again)


@pytest.mark.parametrize("header", ["id,name,nationality", "name,nationality"])
def test_valid_rows_never_go_the_long_way(
    header: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check of valid rows makes no dictionary of them (with an id column or without:
    the result's id is the record's, or the row's), only a refused row does."""
    ids = header.startswith("id")
    rows = [f"{i},Maria {i},DE" if ids else f"Maria {i},DE" for i in range(50)]
    refused = "99,Kim,Atlantis" if ids else "Kim,Atlantis"
    sheet = tmp_path / "s.csv"
    sheet.write_text("\n".join([header, *rows, refused]) + "\n", encoding="utf-8")
    made: list[str] = []
    long_way = Layout.fields

    def fields(self: Layout, position: str, *args: Any) -> dict[str, Any]:
        made.append(position)
        return long_way(self, position, *args)

    monkeypatch.setattr(Layout, "fields", fields)
    source: Any = open_source(str(sheet), ReadOptions(pack=PACK))
    results = [evaluate(raw, PACK, PACK.context()) for raw in source.records()]
    assert made == ["row 52"] and results[-1].status is Status.INVALID
    assert [r.id for r in results[:2]] == (["0", "1"] if ids else ["row 2", "row 3"])


@pytest.mark.parametrize("model", [Record, Nominator, Submission, Period])
def test_models_are_made_as_model_construct_makes_them(model: type[BaseModel]) -> None:
    """The quick way's maker of each model gives what ``model_construct`` gives: the same
    fields, in the same order, set and unset alike (or None without a required field)."""
    values = {
        name: info.default if not info.is_required() else "x"
        for name, info in model.model_fields.items()
    }
    some = dict(list(values.items())[::2]) | {
        name: "x" for name, info in model.model_fields.items() if info.is_required()
    }
    make = _maker(model)
    for fields in (values, some):
        made, constructed = make(dict(fields)), model.model_construct(set(fields), **fields)
        assert made.__dict__ == constructed.__dict__
        assert list(made.__dict__) == list(constructed.__dict__)
        assert made.model_fields_set == constructed.model_fields_set
        assert made.__pydantic_extra__ == constructed.__pydantic_extra__
        assert made.__pydantic_private__ == constructed.__pydantic_private__
    if any(info.is_required() for info in model.model_fields.values()):
        assert make({}) is None
