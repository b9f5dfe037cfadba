"""Reading spreadsheets (SPEC §6) from files saved by LibreOffice (tests/fixtures/sheets)."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from conftest import SAMPLES, run, run_measured, workbook
from nominate.i18n import set_language
from nominate.sources import ReadOptions, open_source
from nominate.sources.cells import parse_periods

SHEETS = Path(__file__).resolve().parent / "fixtures" / "sheets"

# What SPEC §2 and §3 give for each row of clerk_ko (the same content in every copy).
CLERK_KO = {
    "K-001": "eligible",
    "K-002": "eligible",
    "K-003": "incomplete",
    "K-004": "ineligible",
    "K-005": "invalid",
    "K-006": "ineligible",
    "K-007": "eligible",
    "K-008": "invalid",
}


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def check_json(*args: str | Path) -> tuple[int, dict, str]:
    done = run("check", *args, "--format", "json")
    return done.returncode, json.loads(done.stdout) if done.stdout else {}, done.stderr


def records(name: str, **options):
    source = open_source(str(SHEETS / name), ReadOptions(**options))
    return source, list(source.records())


def comparable(result: dict) -> dict:
    """A result without what legitimately differs between copies of the same sheet."""
    return {k: v for k, v in result.items() if k != "name"}


# --- reader units -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["clerk_ko.xlsx", "clerk_ko.csv", "clerk_ko_cp949.csv"])
def test_rows_keep_sheet_numbers_and_skip_empty_rows(name: str) -> None:
    source, rows = records(name)
    # rows 3, 6 and 7 are empty in the sheet
    assert [r.position for r in rows] == [f"row {n}" for n in (2, 4, 5, 8, 9, 10, 11, 12)]
    assert source.headers is not None and source.headers[0] == "접수번호"
    assert source.headers[-1] == "비고"  # unknown columns are kept
    assert all(len(r.cells) == len(source.headers) for r in rows)


def test_xlsx_values_as_read() -> None:
    _, rows = records("clerk_ko.xlsx")
    first = rows[0]
    assert first.data["submission"]["received"] == date(2024, 7, 1)  # a real date cell
    assert first.data["submission"]["postmarked"] == "2024. 6. 28."  # a text date
    assert first.data["nominator"]["signatures"] == 31  # a formula's cached value
    assert first.data["alien_registration"] == "registered"  # its Korean label, as id
    assert first.data["nominator"]["type"] == "citizens"
    assert first.data["submission"]["method"] == "mail"
    assert first.data["achievements"] == "=1+1"  # text, never a formula
    assert first.cells[-1] == "@SUM(A1)"
    assert first.data["documents"]["nominator_seal"] is True  # LibreOffice's TRUE
    assert first.data["residences"] == [
        {"start": "2016-03-01", "end": "2018-02-28", "city": "부산"},
        {"start": "2018-03-01", "end": None, "city": "서울특별시 마포구"},
    ]
    assert first.labels["submission.received"] == "접수일"
    second = rows[1]
    assert second.data["achievements"] == "-2"
    assert second.data["nominator"]["organization"] == "+3"
    assert second.data["contributions"] == ["honor", "economy"]


def test_csv_and_xlsx_give_the_same_records() -> None:
    _, from_xlsx = records("clerk_ko.xlsx")
    _, from_csv = records("clerk_ko.csv")
    for x, c in zip(from_xlsx, from_csv, strict=True):
        assert x.position == c.position
        assert x.data["id"] == c.data["id"]
        assert x.data["residences"] == c.data["residences"]
        assert x.data.get("nominator") == {
            k: int(v) if k == "signatures" else v for k, v in c.data["nominator"].items()
        }


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        (
            "2016-03-01..2018-02-28 Busan; 2018-03-01.. Seoul",
            [("2016-03-01", "2018-02-28", "Busan"), ("2018-03-01", None, "Seoul")],
        ),
        ("2018-03-01~현재 서울", [("2018-03-01", None, "서울")]),
        ("2018年3月1日〜現在 ソウル市", [("2018年3月1日", None, "ソウル市")]),
        ("2018.3.1～2019.2.28 Jongno-gu, Seoul", [("2018.3.1", "2019.2.28", "Jongno-gu, Seoul")]),
        ("2018-03-01..PRESENT Seoul\n2010-01-01..2011-01-01 Busan",
         [("2018-03-01", None, "Seoul"), ("2010-01-01", "2011-01-01", "Busan")]),
        ("2018-03-01..Seoul", [("2018-03-01", None, "Seoul")]),
        # spaces around the separator: an END shaped like a date is still the END
        ("2018-03-01 ~ 2020-01-01 Seoul", [("2018-03-01", "2020-01-01", "Seoul")]),
        ("2018.3.1 ~ 2020.2.29 서울특별시", [("2018.3.1", "2020.2.29", "서울특별시")]),
        ("2018-03-01 .. 20200101 Seoul", [("2018-03-01", "20200101", "Seoul")]),
        ("2018年3月1日 〜 2020年1月1日 ソウル", [("2018年3月1日", "2020年1月1日", "ソウル")]),
        ("2018-03-01 ~ 2020-01-01", [("2018-03-01", "2020-01-01", None)]),
        ("2018-03-01 ~ present Seoul", [("2018-03-01", None, "Seoul")]),
        # ... but a city may begin with a number (an address)
        ("2018-03-01.. 123 Sejong-daero, Seoul", [("2018-03-01", None, "123 Sejong-daero, Seoul")]),
        ("2018-03-01.. 3-5 Hannam-dong, Seoul", [("2018-03-01", None, "3-5 Hannam-dong, Seoul")]),
        ("2018-03-01 ~ 100-101 Jung-gu Seoul", [("2018-03-01", None, "100-101 Jung-gu Seoul")]),
    ],
)
def test_residence_notation(text: str, periods: list[tuple]) -> None:
    found, problems = parse_periods(text)
    assert problems == []
    assert [(p["start"], p["end"], p["city"]) for p in found] == periods


def test_residence_notation_without_separator_is_a_problem() -> None:
    found, problems = parse_periods("2018-03-01 Seoul; 2019-01-01.. Busan")
    assert len(found) == 1 and found[0]["city"] == "Busan"
    assert len(problems) == 1 and "2018-03-01 Seoul" in problems[0]


def test_residences_sheet_joined_by_numeric_id() -> None:
    _, rows = records("residences_ja.xlsx")
    anna = rows[0]
    assert anna.data["id"] == "1"
    assert [p["city"] for p in anna.data["residences"]] == ["釜山", "ソウル特別市 鍾路区"]
    assert anna.data["residences"][0]["start"] == date(2015, 3, 1)
    assert anna.labels["residences[1].city"] == "sheet 居住期間 row 3, 都市"
    sato = rows[1]  # a period in the cell and one in the sheet, together
    assert [p["city"] for p in sato.data["residences"]] == ["ソウル", "ソウル"]


# --- whole runs of the installed command ---------------------------------------------------


@pytest.mark.parametrize("name", ["clerk_ko.xlsx", "clerk_ko.csv", "clerk_ko_cp949.csv"])
def test_clerk_sheet_verdicts(name: str) -> None:
    code, report, _ = check_json(SHEETS / name)
    assert code == 1
    assert {r["id"]: r["status"] for r in report["results"]} == CLERK_KO
    by_id = {r["id"]: r for r in report["results"]}
    assert by_id["K-003"]["missing"] == ["nominator.name", "photo", "pledge"]
    bad_date = by_id["K-005"]["errors"]
    assert bad_date[0]["field"] == "접수일"
    assert "'06/12/2024' is ambiguous; write 2024-06-12 or 2024-12-06" in bad_date[0]["message"]
    assert by_id["K-008"]["errors"][0]["field"] == "후보자 사진"
    assert report["summary"] == {"eligible": 3, "incomplete": 1, "ineligible": 2, "invalid": 2}


def test_csv_and_xlsx_checks_agree() -> None:
    for stem in (SHEETS / "clerk_ko", SAMPLES / "nominations"):
        _, from_xlsx, _ = check_json(stem.with_suffix(".xlsx"))
        _, from_csv, _ = check_json(stem.with_suffix(".csv"))
        assert from_xlsx["results"] == from_csv["results"]
    _, cp949, _ = check_json(SHEETS / "clerk_ko_cp949.csv")
    _, utf8, _ = check_json(SHEETS / "clerk_ko.csv")
    assert [comparable(r) for r in cp949["results"]] == [comparable(r) for r in utf8["results"]]


def test_samples_agree_with_the_json_sample() -> None:
    _, from_json, _ = check_json(SAMPLES / "nominations.json")
    _, from_xlsx, _ = check_json(SAMPLES / "nominations.xlsx")
    for j, x in zip(from_json["results"], from_xlsx["results"], strict=True):
        assert (j["id"], j["status"], j["missing"]) == (x["id"], x["status"], x["missing"])
    assert set(from_xlsx["summary"].values()) != {0}
    assert all(from_xlsx["summary"][s] > 0 for s in from_xlsx["summary"])


@pytest.mark.parametrize("name", ["missing_column.xlsx", "missing_column.csv"])
def test_missing_column_is_missing_with_one_warning(name: str) -> None:
    code, report, _ = check_json(SHEETS / name)
    assert code == 1
    lee, sato = report["results"]
    assert (lee["status"], lee["missing"]) == ("incomplete", ["photo"])
    assert sato["status"] == "ineligible"  # received after the deadline, no postmark column
    for result in report["results"]:
        columns = [w for w in result["warnings"] if w["rule"] == "columns"]
        assert len(columns) == 1
        assert "postmarked" in columns[0]["message"] and "photo" in columns[0]["message"]


@pytest.mark.parametrize("name", ["no_name.xlsx", "no_name.csv"])
def test_sheet_without_name_column_is_refused(name: str) -> None:
    done = run("check", SHEETS / name, "--format", "json")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert name in done.stderr and "no name column" in done.stderr


def test_residences_sheet_run_reports_unmatched_ids() -> None:
    _, report, err = check_json(SHEETS / "residences_ja.xlsx")
    assert [r["status"] for r in report["results"]] == ["eligible", "eligible", "incomplete"]
    assert report["results"][2]["missing"] == ["residences"]
    assert "99" in err and "居住期間" in err


# --- CSV delimiters ---------------------------------------------------------------------------


def csv_positions(path: Path) -> tuple[tuple[str, ...] | None, list[tuple[str, str, str | None]]]:
    source = open_source(str(path), ReadOptions())
    rows = [(r.position, r.data["name"], r.data.get("id")) for r in source.records()]
    return source.headers, rows


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_delimiter_is_the_one_that_finds_the_columns(tmp_path: Path, delimiter: str) -> None:
    """European-locale Excel and LibreOffice write semicolons; a header may quote a comma."""
    sheet = tmp_path / "semi.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerows([["id", "name", "비고(수상, 경력)"], ["S-1", "Kim Anna", "a, b"], ["", "Lee"]])
    headers, rows = csv_positions(sheet)
    assert headers == ("id", "name", "비고(수상, 경력)")
    assert rows == [("row 2", "Kim Anna", "S-1"), ("row 3", "Lee", None)]


def test_comma_file_whose_header_quotes_semicolons(tmp_path: Path) -> None:
    sheet = tmp_path / "comma.csv"
    sheet.write_text('name,"a;b;c;d;e"\nKim Anna,x;y\n', encoding="utf-8")
    assert csv_positions(sheet) == (("name", "a;b;c;d;e"), [("row 2", "Kim Anna", None)])


@pytest.mark.parametrize("sep", [";", "\t", ","])
def test_excel_sep_line_names_the_delimiter_and_is_no_row(tmp_path: Path, sep: str) -> None:
    sheet = tmp_path / "sep.csv"
    rows = [["name", "id"], ["Kim Anna", "P-1"], ["Lee, Jun", ""]]  # row 3: no id
    with sheet.open("w", encoding="utf-8", newline="") as f:
        f.write(f"sep={sep}\r\n")
        csv.writer(f, delimiter=sep).writerows(rows)
    headers, got = csv_positions(sheet)
    assert headers == ("name", "id")
    assert got == [("row 2", "Kim Anna", "P-1"), ("row 3", "Lee, Jun", None)]  # header: row 1
    out = tmp_path / "out.csv"
    run("check", sheet, "--format", "csv", "--output", out)
    copy = list(csv.reader(out.open(encoding="utf-8-sig", newline="")))
    assert copy[0][:2] == ["name", "id"] and [r[0] for r in copy[1:]] == ["Kim Anna", "Lee, Jun"]


def test_header_glued_by_another_delimiter_is_refused_as_such(tmp_path: Path) -> None:
    """No delimiter of ours splits ``id|name``: say so, not that the name column is missing
    among headers that plainly show one."""
    sheet = tmp_path / "pipes.csv"
    sheet.write_text("id|name|nationality\nP-1|Kim Anna|DE\n", encoding="utf-8")
    done = run("check", sheet)
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1
    assert "reads as one column ('id|name|nationality')" in done.stderr
    assert "separate the columns with commas, semicolons or tabs" in done.stderr
    # a file that really has no name column is still told so, with the headers it has
    sheet.write_text("id;nationality\nP-1;DE\n", encoding="utf-8")
    done = run("check", sheet)
    assert "has no name column" in done.stderr and "(headers found: id, nationality)" in done.stderr


# --- full-width forms (SPEC §6 yes/no words, counts, enumerated ids) ------------------------

FULL_HEADERS = [
    "id", "name", "nationality", "alien_registration", "residences", "contributions",
    "nominator_type", "nominator_name", "signatures", "submission_method", "received",
    "nomination_form", "nominator_seal", "photo", "alien_registration_certificate",
    "residence_history", "pledge", "privacy_consent", "achievement_evidence",
]  # fmt: skip


def full_row(ident: str, **cells: str) -> list[str]:
    row = {
        "id": ident, "name": "Kim Anna", "nationality": "DE", "alien_registration": "registered",
        "residences": "2018-03-01.. Seoul", "contributions": "culture_welfare",
        "nominator_type": "citizens", "nominator_name": "Kim Minji", "signatures": "31",
        "submission_method": "counter", "received": "2024-06-10",
        **{h: "yes" for h in FULL_HEADERS[11:]}, **cells,
    }  # fmt: skip
    return [row[h] for h in FULL_HEADERS]


# What an East Asian input method types for O, X, yes, 31, 1, mail: the same as the plain forms.
FULL_WIDTH_ROWS = [
    full_row("F-1", nomination_form="Ｏ", pledge="Ｘ"),
    full_row("F-2", nomination_form="〇", photo="１", nominator_seal="ｙｅｓ"),  # U+3007: maru
    full_row("F-3", signatures="３１", alien_registration="ＲＥＧＩＳＴＥＲＥＤ"),
    full_row("F-4", submission_method="ｍａｉｌ", contributions="ｅｃｏｎｏｍｙ，ｈｏｎｏｒ"),
    full_row("F-5", name="Ｋｉｍ　Ａｎｎａ", nominator_type="ｃｉｔｉｚｅｎ"),  # names: as written
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_full_width_forms_read_as_plain_ones(tmp_path: Path, suffix: str) -> None:
    sheet = tmp_path / f"full{suffix}"
    if suffix == ".csv":
        with sheet.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows([FULL_HEADERS, *FULL_WIDTH_ROWS])
    else:
        workbook(sheet, {"nominations": [FULL_HEADERS, *FULL_WIDTH_ROWS]})
    _, report, _ = check_json(sheet)
    got = {r["id"]: r for r in report["results"]}
    assert got["F-1"]["status"] == "incomplete" and got["F-1"]["missing"] == ["pledge"]
    for ident in ("F-2", "F-3", "F-4"):
        assert got[ident]["status"] == "eligible", got[ident]
    # an unknown value is still refused, and echoed as the clerk wrote it; names are kept
    assert got["F-5"]["name"] == "Ｋｉｍ　Ａｎｎａ"
    assert got["F-5"]["errors"] == [
        {"field": "nominator_type", "message": "'ｃｉｔｉｚｅｎ' is not one of: "
         "public_body_head, social_org_head, citizens"}
    ]  # fmt: skip


def test_full_width_forms_in_a_json_record(tmp_path: Path) -> None:
    """JSON records go through the same model: yes/no words and counts fold the same way."""
    record = json.loads((SAMPLES / "single.json").read_text(encoding="utf-8"))
    record["alien_registration"] = "ｒｅｇｉｓｔｅｒｅｄ"
    record["nominator"] = {"type": "citizens", "name": "Kim Minji", "signatures": "３１"}
    record["documents"] = {**record["documents"], "nomination_form": "Ｏ", "photo": "１",
                           "pledge": "〇", "privacy_consent": "ｙｅｓ"}  # fmt: skip
    path = tmp_path / "full.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    _, report, _ = check_json(path)
    assert report["results"][0]["status"] == "eligible", report["results"][0]


def test_postmark_date_time_is_its_day_in_csv_xlsx_and_json(tmp_path: Path) -> None:
    """A date-time cell was read as its day, its CSV export (LibreOffice) refused: now both,
    and JSON text too, are the day of the postmark (SPEC §3: ``postmarked`` is a date)."""
    head = ["id", "name", "submission_method", "received", "postmarked"]
    received, postmarked = datetime(2024, 7, 1, 9, 36), datetime(2024, 6, 28, 18, 0)
    workbook(tmp_path / "post.xlsx", {"s": [head, ["P-1", "Kim Anna", "mail", received,
                                                   postmarked]]})  # fmt: skip
    (tmp_path / "post.csv").write_text(
        ",".join(head) + "\nP-1,Kim Anna,mail,2024-07-01 09:36:00,2024-06-28 18:00:00\n"
    )
    record = {"name": "Kim Anna", "submission": {
        "method": "mail", "received": "2024-07-01T09:36:00", "postmarked": "2024-06-28T18:00"}}
    (tmp_path / "post.json").write_text(json.dumps(record))
    for name in ("post.xlsx", "post.csv", "post.json"):
        _, report, _ = check_json(tmp_path / name)
        result = report["results"][0]
        assert result["errors"] == [], name
        submission = next(c for c in result["checks"] if c["rule"] == "submission")
        assert submission["outcome"] == "pass" and "postmarked" in submission["message"], name


# --- hostile and broken files (more: tests/bad/catalogue.toml, test_attacks.py) ----------------


def test_shift_jis_csv_refused_unless_named(tmp_path: Path) -> None:
    sheet = tmp_path / "sjis.csv"
    sheet.write_bytes(
        "name,nationality,received\n佐藤 健,日本,2024年6月3日\nスミス・ジョン,米国,2024年6月4日\n"
        .encode("shift_jis")
    )
    done = run("check", sheet)
    assert done.returncode == 2 and "--encoding" in done.stderr
    _, report, _ = check_json(sheet, "--encoding", "shift_jis")
    assert [r["name"] for r in report["results"]] == ["佐藤 健", "スミス・ジョン"]


def test_utf8_bom_csv(tmp_path: Path) -> None:
    sheet = tmp_path / "bom.csv"
    sheet.write_bytes(b"\xef\xbb\xbfName,ID\nKim Anna,B-1\n")
    _, report, _ = check_json(sheet)
    assert report["results"][0]["id"] == "B-1"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le"])
@pytest.mark.parametrize("first", ["id", "name"])
def test_bom_is_dropped_whatever_the_encoding(tmp_path: Path, encoding: str, first: str) -> None:
    """Excel's "CSV UTF-8" starts with a BOM; ``--encoding utf-8`` (or utf-16-le) reads it as
    a character, which must not stick to the first header."""
    columns = ["id", "name"] if first == "id" else ["name", "id"]
    values = {"id": "B-1", "name": "Kim Anna"}
    sheet = tmp_path / "bom.csv"
    text = ",".join(columns) + "\r\n" + ",".join(values[c] for c in columns) + "\r\n"
    sheet.write_bytes("\ufeff".encode(encoding) + text.encode(encoding))
    code, report, err = check_json(sheet, "--encoding", encoding)
    assert err.count("\n") <= 1 and "\ufeff" not in err, err  # the absent-columns warning
    assert report["results"][0]["id"] == "B-1"
    out = tmp_path / "out.csv"
    done = run("check", sheet, "--encoding", encoding, "--format", "csv", "--output", out)
    assert done.returncode == code
    assert out.read_bytes().startswith(b"\xef\xbb\xbf" + columns[0].encode())  # one BOM


def test_huge_csv_line_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    sheet = tmp_path / "huge.csv"
    with sheet.open("w") as f:
        f.write("name,achievements\nKim,")
        f.write("x" * (60 * 1024 * 1024))
        f.write("\n")
    done, peak_kb = run_measured("check", sheet)
    assert done.returncode == 2 and done.stdout == ""
    assert "row 2 is longer than" in done.stderr
    assert peak_kb < 200 * 1024  # well under the 60 MB line (times 4 as text)


def test_huge_quoted_cell_is_refused(tmp_path: Path) -> None:
    sheet = tmp_path / "quoted.csv"
    lines = "\n".join(["y" * 1000] * 300)  # 300 kB in one quoted cell, over many lines
    sheet.write_text(f'name,achievements\nKim,ok\nLee,"{lines}"\n')
    done = run("check", sheet)
    assert done.returncode == 2 and done.stdout == ""
    assert "row 3 cannot be read as CSV" in done.stderr


def test_residences_sheet_end_written_present_is_ongoing(tmp_path: Path) -> None:
    """SPEC §6: an END of ``present``, ``현재`` or ``現在`` means ongoing, in the sheet too."""
    ends = {"A": "present", "B": " 현재 ", "C": "現在", "D": "Present"}
    workbook(tmp_path / "present.xlsx", {
        "nominations": [["id", "name"], *([i, f"Candidate {i}"] for i in ends)],
        "residences": [["ID", "Start", "End", "City"],
                       *([i, "2018-01-01", end, "Seoul"] for i, end in ends.items())],
    })
    _, report, _ = check_json(tmp_path / "present.xlsx")
    for result in report["results"]:
        assert result["errors"] == []
        assert result["residency"]["continuous_since"] == "2018-01-01"


def test_two_columns_for_one_field_stop_the_run_even_with_other_sheets(tmp_path: Path) -> None:
    """Not a quiet move to the workbook's next sheet (as for a sheet with no name column)."""
    sheets = {
        "2024 round": [
            ["id", "name", "pledge", "명예시민 서약서"],
            ["N1", "Kim Anna", "no", "yes"],
        ],
        "2023 round": [["id", "name"], ["O1", "Lee Ben"]],
        "residences": [["id", "start", "end", "종료일", "city"]],
    }
    workbook(tmp_path / "two.xlsx", sheets)
    done = run("check", tmp_path / "two.xlsx", "--format", "json")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"nominate: {tmp_path / 'two.xlsx'}: has two columns for pledge in "
                           "sheet '2024 round': C 'pledge' and D '명예시민 서약서'; keep one\n")
    del sheets["2024 round"]
    workbook(tmp_path / "periods.xlsx", sheets)
    done = run("check", tmp_path / "periods.xlsx", "--format", "json")
    assert done.returncode == 2
    assert "has two columns for end in sheet 'residences': C 'end' and D '종료일'" in done.stderr


def test_a_sheet_without_names_is_passed_over_even_with_a_repeated_column(tmp_path: Path) -> None:
    """A lookup sheet first (no name column, two id columns): not the candidates' sheet."""
    workbook(tmp_path / "lookup.xlsx", {
        "lookup": [["id", "ID"]],
        "candidates": [["id", "name"], ["C1", "Kim Anna"]],
    })
    code, report, _ = check_json(tmp_path / "lookup.xlsx")
    assert code == 1 and [r["id"] for r in report["results"]] == ["C1"]


@pytest.mark.parametrize(("again", "readings"), [(False, 2), (True, 1)])
@pytest.mark.parametrize("count", [1, 2])
def test_a_workbook_read_again_for_a_copy_keeps_its_cells(
    again: bool, readings: int, count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that writes an annotated copy keeps a workbook's cells from the first reading
    (a second reading, with the results held, was the run's peak of memory); a run that
    does not lets them go and reads the file again if asked. Cut into parts or not."""
    import python_calamine

    opened: list[str] = []
    real = python_calamine.CalamineWorkbook.from_path

    def from_path(path: str) -> object:
        opened.append(path)
        return real(path)

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", from_path)
    source = open_source(str(SAMPLES / "nominations.xlsx"), ReadOptions(again=again))
    parts = source.parts(count) if count > 1 else [source]  # type: ignore[attr-defined]
    checked = [raw.cells for part in parts for raw in part.records()]
    copied = [raw.cells for raw in source.records(read=False)]  # type: ignore[call-arg]
    assert copied == checked and len(checked) == 7
    assert len(opened) == readings
