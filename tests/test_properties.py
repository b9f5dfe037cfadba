"""Property-based tests (hypothesis): arbitrary input never raises out of the core, and the
invariants a clerk relies on hold for generated records. Bounded: a few hundred examples in all.
"""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run
from nominate.dates import DateFormError, parse_date, parse_moment
from nominate.engine import evaluate
from nominate.reporters.machine import result_json
from nominate.results import Status
from nominate.rules import load_pack
from nominate.run import duplicate_key, record_key
from nominate.sources import RawRecord, jsonsrc
from nominate.sources.cells import make_layout, parse_periods

PACK = load_pack()
CTX = PACK.context()
AS_OF = PACK.context().as_of
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SAMPLE = json.loads((Path(__file__).parents[1] / "samples" / "nominations.json").read_text())
ELIGIBLE = SAMPLE[0]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = [
    "id",
    "name",
    "nationality",
    "alien_registration",
    "registration_number",
    "residences",
    "contributions",
    "achievements",
    "nominator",
    "submission",
    "documents",
]
records = st.fixed_dictionaries(
    {}, optional={key: json_values for key in FIELDS}
) | st.dictionaries(st.sampled_from(FIELDS), json_values)


def _evaluate(data: object) -> object:
    raw = RawRecord("t.json", "#1", data if isinstance(data, dict) else None)
    result = evaluate(raw, PACK, PACK.context())
    json.loads(result_json(result))  # and the result can always be written
    return result


@FEW
@given(json_values)
def test_any_json_value_is_evaluated_without_raising(value: object) -> None:
    _evaluate(value)


@FEW
@given(records)
def test_any_record_shape_is_evaluated_without_raising(data: dict) -> None:
    result = _evaluate(data)
    assert result.status in set(Status)


@FEW
@given(st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=3))
def test_result_json_round_trip_is_lossless(changes: dict) -> None:
    result = _evaluate({**ELIGIBLE, **changes})
    assert json.loads(result_json(result)) == result.to_dict()


@FEW
@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.none(), st.booleans()))
def test_parse_date_raises_only_its_own_error(value: object) -> None:
    for parse in (parse_date, parse_moment):
        try:
            got = parse(value)
        except DateFormError as exc:
            assert str(exc) and "\n" not in str(exc)  # one line to show the user
        else:
            assert isinstance(got, date)


@FEW
@given(st.lists(st.text(max_size=40), min_size=1, max_size=8), st.text(max_size=60))
def test_any_cells_make_a_record_without_raising(cells: list[str], periods: str) -> None:
    layout = make_layout(
        "t.csv",
        [
            "name",
            "nationality",
            "residences",
            "received",
            "photo",
            "signatures",
            "contributions",
            "registration_number",
        ],
        8,
        PACK,
    )
    raw = layout.record(2, [*cells, periods])
    parse_periods(periods)
    if raw is not None:
        _evaluate_raw(raw)


def _evaluate_raw(raw: RawRecord) -> None:
    result = evaluate(raw, PACK, PACK.context())
    json.loads(result_json(result))


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
periods = st.lists(
    st.tuples(
        dates, st.integers(0, 4000), st.sampled_from(["Seoul", "Busan", "서울특별시 마포구"])
    ),
    max_size=5,
)


def _with_periods(spans: list[tuple[date, int, str]]) -> dict:
    return {
        **ELIGIBLE,
        "residences": [
            {"start": s.isoformat(), "end": (s + timedelta(days=n)).isoformat(), "city": c}
            for s, n, c in spans
        ],
    }


@FEW
@given(periods, dates)
def test_adding_a_seoul_day_never_lowers_cumulative_days(spans: list, day: date) -> None:
    before = _evaluate(_with_periods(spans))
    after = _evaluate(_with_periods([*spans, (day, 0, "Seoul")]))
    if before.status is Status.INVALID:
        return
    assert after.residency.cumulative_days >= before.residency.cumulative_days
    expected = before.residency.cumulative_days + (1 if day <= AS_OF else 0)
    assert after.residency.cumulative_days <= expected


DOCUMENTS = list(ELIGIBLE["documents"])


@FEW
@given(periods, st.sets(st.sampled_from(DOCUMENTS)), st.sampled_from(DOCUMENTS))
def test_eligible_stays_eligible_when_a_document_is_added(spans, absent, added) -> None:
    data = _with_periods(spans)
    data["documents"] = {d: d not in absent for d in DOCUMENTS}
    before = _evaluate(data)
    data["documents"] = {**data["documents"], added: True}
    after = _evaluate(data)
    if before.status is Status.ELIGIBLE:
        assert after.status is Status.ELIGIBLE
    order = [Status.INVALID, Status.INELIGIBLE, Status.INCOMPLETE, Status.ELIGIBLE]
    if before.status is not Status.INVALID:
        assert order.index(after.status) >= order.index(before.status)


cell_text = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\r\n"), max_size=25
)
rows = st.lists(
    st.tuples(
        st.text(st.characters(whitelist_categories=["L"]), min_size=1, max_size=12),
        st.sampled_from(["DE", "日本", "KR", "Atlantis", ""]),
        st.one_of(
            st.builds(
                lambda s, n: f"{s.isoformat()}..{(s + timedelta(n)).isoformat()} Seoul",
                dates,
                st.integers(0, 3000),
            ),
            cell_text,
        ),
        st.one_of(dates.map(date.isoformat), cell_text),
        st.sampled_from(["yes", "no", "", "1", "0", "maybe"]),
    ),
    min_size=1,
    max_size=6,
)
HEADER = ["name", "nationality", "residences", "received", "photo"]


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows)
def test_csv_and_xlsx_checks_agree(tmp_path_factory, data: list[tuple]) -> None:
    folder = tmp_path_factory.mktemp("agree")
    with (folder / "rows.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER, *data])
    book = xlsxwriter.Workbook(str(folder / "rows.xlsx"), {"strings_to_numbers": False})
    sheet = book.add_worksheet()
    for r, row in enumerate([HEADER, *data]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    outputs = [run("check", folder / f"rows.{ext}", "-f", "json") for ext in ("csv", "xlsx")]
    assert outputs[0].returncode == outputs[1].returncode != 2, outputs[0].stderr
    got = [json.loads(o.stdout)["results"] for o in outputs]
    assert [r["status"] for r in got[0]] == [r["status"] for r in got[1]]
    for a, b in zip(*got, strict=True):
        assert {**a, "warnings": None} == {**b, "warnings": None}


def _both_ways(data: dict) -> tuple[list, list]:
    """``data`` read as a JSON Lines line (validated straight from its text when valid) and
    as an object of a JSON document (a dictionary first): each result with its duplicate key."""
    line = json.dumps(data, ensure_ascii=False).encode()
    got = []
    for source in (jsonsrc._lines(line, "t"), jsonsrc._Loaded("t", [data])):
        (raw,) = list(source.records())
        key = duplicate_key(raw.data) if raw.record is None else record_key(raw.record)
        result = evaluate(raw, PACK, CTX)
        if result.id == raw.position:  # a record without an id is named by its position
            result = result._replace(id="(position)")
        got.append([result._replace(position=""), key])
    return got[0], got[1]


@FEW
@given(st.one_of(records, st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=3).map(
    lambda changes: {**ELIGIBLE, **changes}
)))
def test_a_jsonl_line_reads_as_the_same_object_in_a_document(data: dict) -> None:
    line, document = _both_ways(data)
    assert line == document


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"id": 7},
        {"id": 7.0},
        {"id": "  A-7 "},
        {"name": "  Kim   Min-ji "},
        {"registration_number": "9001016123456"},
        {"registration_number": " 900101-6123456 "},
        {"registration_number": "900101-6******"},
        {"registration_number": None},
        {"id": ""},
    ],
)
def test_a_valid_line_keeps_its_duplicate_key(changes: dict) -> None:
    line, document = _both_ways({**ELIGIBLE, **changes})
    assert line == document


def _marked_as_before(results: list, keys: list) -> list:
    """The duplicate warnings as mark_duplicates gave them before it saved memory: a group
    per key (id or person) in the order each key first appeared, an id before a person."""
    from nominate.engine import SHOWN, _where
    from nominate.i18n import t
    from nominate.models import mask_numbers
    from nominate.results import WarningItem

    groups: dict[tuple[str, str], list[int]] = {}
    for i, (ident, person) in enumerate(keys):
        if ident:
            groups.setdefault(("id", ident), []).append(i)
        if person:
            groups.setdefault(("person", person), []).append(i)
    extra: dict[int, list] = {}
    for (kind, _), members in groups.items():
        if len(members) < 2:
            continue
        for i in members:
            named = [j for j in members[: SHOWN + 1] if j != i][:SHOWN]
            others = ", ".join(_where(results[j]) for j in named)
            if len(members) - 1 > len(named):
                others = t("duplicate.more", shown=others, more=len(members) - 1 - len(named))
            message = mask_numbers(t(f"duplicate.{kind}", others=others))
            extra.setdefault(i, []).append(WarningItem("duplicate", None, message))
    return [r.with_warnings(tuple(extra[i])) if i in extra else r for i, r in enumerate(results)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.none() | st.sampled_from(["A", "B", "C", "1"]),
            st.none() | st.sampled_from(["kim|9001015123456", "lee|9001016123456"]),
        ),
        max_size=14,
    )
)
def test_duplicates_are_marked_as_before_in_the_same_order(keys: list) -> None:
    from nominate.engine import mark_duplicates
    from nominate.results import Result

    results = [Result(f"row {i}", "x", Status.ELIGIBLE, position=f"row {i}") for i in range(99)]
    results = results[: len(keys)]
    expected = _marked_as_before(list(results), keys)
    mark_duplicates(results, keys)
    assert results == expected


# How people write a registration number, as the reader takes it (NFKC first): every
# character whose NFKC form is an ASCII digit (９, ⁹, 𝟗), every one whose NFKC form is one of
# the reader's separators (－, ｰ, ﹘, ⁻, 〜), once or twice, with spaces around
def _reading_as(plain: str) -> list[str]:
    import unicodedata

    return [chr(c) for c in range(0x10000) if unicodedata.normalize("NFKC", chr(c)) in plain
            and len(unicodedata.normalize("NFKC", chr(c))) == 1]


def _alphabets() -> tuple[list[str], list[str]]:
    from nominate.models import _DASHES

    return _reading_as("0123456789"), _reading_as(_DASHES)


_DIGITS, _SEPARATOR_CHARS = _alphabets()
_DIGIT = st.sampled_from(_DIGITS)
_SPACE = st.sampled_from(["", " ", "  ", "\u00a0", "\u3000", "\t"])
_DASH = st.one_of(
    st.just(""),
    st.sampled_from(_SEPARATOR_CHARS),
    st.tuples(st.sampled_from(_SEPARATOR_CHARS), st.sampled_from(_SEPARATOR_CHARS)).map("".join),
)
written_numbers = st.tuples(
    st.lists(_DIGIT, min_size=6, max_size=6), _SPACE, _DASH, _SPACE,
    st.sampled_from("5678⁵⁶⁷⁸５６７８"), st.lists(_DIGIT, min_size=6, max_size=6),
).map(lambda p: "".join(p[0]) + p[1] + p[2] + (p[3] if p[2] else "") + p[4] + "".join(p[5]))


@given(written_numbers, st.text(max_size=10), st.text(max_size=10))
def test_every_number_a_record_accepts_is_masked_in_free_text(
    written: str, before: str, after: str
) -> None:
    """``mask_numbers`` is never less lenient than the reader: whatever form of a number a
    record accepts, the same text in a name, a message or a file name shows no full number
    (found by a scripts' review: a non-breaking space, ``ー`` and ``--`` got through)."""
    from nominate.models import mask_numbers, registration_form

    number = registration_form(written)
    assert number[7] in "5678" and len(number) == 14
    assert {"〜", "ｰ", "⁻", "﹘"} <= set(_SEPARATOR_CHARS) and "⁹" in _DIGITS
    pad_before = before + " " if before[-1:].isdigit() else before  # (other digits would
    pad_after = " " + after if after[:1].isdigit() else after  # make it another number)
    masked = mask_numbers(pad_before + written + pad_after)
    assert written not in masked and "******" in masked, masked


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("９００１０１－６１２３４５６", "900101-6123456"),  # typed full-width: not "not a number"
        ("900101\u00a06123456", "900101-6123456"),
        ("900101 ー 6123456", "900101-6123456"),
        ("900101--6123456", "900101-6123456"),
        ("900101-6******", "900101-6******"),  # withheld, as an annotated copy writes it
        ("９００１０１－６＊＊＊＊＊＊", "900101-6******"),
    ],
)
def test_a_registration_number_is_read_as_people_type_it(written: str, read: str) -> None:
    from nominate.models import registration_form

    assert registration_form(written) == read


@pytest.mark.parametrize(
    "written",
    ["900 101 612 3456", "9 0 0 1 0 1 6 1 2 3 4 5 6", "900101-1234567", "900101/6123456",
     "٩٠٠١٠١-٦١٢٣٤٥٦", "900101---6123456", "90010-16123456"],
)
def test_other_shapes_are_no_registration_number(written: str) -> None:
    from nominate.models import registration_form

    with pytest.raises(ValueError):
        registration_form(written)


@pytest.mark.parametrize("written", ["900 101 612 3456", "9 0 0 1 0 1 6 1 2 3 4 5 6"])
def test_thirteen_digits_spaced_out_are_masked_all_the_same(written: str) -> None:
    """Read as a number before, though masking did not know them in free text; refused now,
    and masked wherever they are quoted."""
    from nominate.models import mask_numbers

    assert mask_numbers(f"Kim {written}") == "Kim 900101-6******"
