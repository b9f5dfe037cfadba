"""What a spreadsheet holds beyond plain values: numbers that lost leading zeros, formula
errors, formulas never computed, merged cells, several sheets (SPEC §3, §6)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from conftest import run, workbook

HEAD = ["id", "name", "nationality", "registration_number", "등록번호(사본)", "residences",
        "received"]


def row(ident: str, number: Any, **cells: Any) -> list[Any]:
    values = {"id": ident, "name": f"Person {ident}", "nationality": "DE",
              "registration_number": number, "등록번호(사본)": number,
              "residences": "2018-03-01.. Seoul", "received": "2024-06-10", **cells}
    return [values[h] for h in HEAD]


def results(path: Path, *args: str) -> list[dict[str, Any]]:
    done = run("check", path, "-f", "json", *args)
    assert done.returncode in (0, 1), done.stderr
    return list(json.loads(done.stdout)["results"])


def test_registration_number_stored_as_a_number_keeps_its_leading_zeros(tmp_path: Path) -> None:
    """A number cell formatted 000000-0000000 shows 000101-5123456 but holds 1015123456:
    it was read as 10 digits (invalid) and masked as 101512-3****** (three secret digits
    shown); in another column it was copied in full."""
    source = workbook(tmp_path / "numbers.xlsx", {"Sheet1": [
        HEAD, row("1", 9001016123456), row("2", 1015123456), row("3", 501017123456),
        row("4", "000101-5123456")]})
    found = results(source)
    assert [r["errors"] for r in found] == [[], [], [], []]
    copy = tmp_path / "copy.csv"
    run("check", source, "-f", "csv", "-o", copy)
    rows = list(csv.reader(copy.open(encoding="utf-8-sig")))
    expected = ["900101-6******", "000101-5******", "050101-7******", "000101-5******"]
    assert [r[3] for r in rows[1:]] == expected
    assert [r[4] for r in rows[1:]] == expected
    assert "123456" not in copy.read_text(encoding="utf-8-sig")


def test_numbers_in_other_columns(tmp_path: Path) -> None:
    """A phone number stored as a number (010-5678-1234 → 1056781234) stays as it is; a
    registration number typed with a dot (stored as 900101.6123456) or as 13 digits is
    masked; the "alien registration" column (registered/exempt/none) is left alone."""
    source = workbook(tmp_path / "phone.xlsx", {"Sheet1": [
        [*HEAD, "phone", "memo", "alien registration"],
        [*row("1", "900101-6123456"), 1056781234, 900101.6123456, "registered"],
        [*row("2", "900101-6123456"), 1012345678, 9001016123456, "exempt"]]})
    copy = tmp_path / "copy.csv"
    run("check", source, "-f", "csv", "-o", copy)
    rows = list(csv.reader(copy.open(encoding="utf-8-sig")))
    extra = len(HEAD)
    assert [r[extra:extra + 3] for r in rows[1:]] == [
        ["1056781234", "900101-6******", "registered"],
        ["1012345678", "900101-6******", "exempt"]]


SHEETS = Path(__file__).resolve().parent / "fixtures" / "sheets"


def test_formula_errors_make_the_field_invalid() -> None:
    """LibreOffice stores #N/A, #DIV/0! as error values; calamine reads them as empty cells,
    so a failed name formula was 'is required', a failed signature count 'not given', a failed
    postmark 'no postmark given': each a verdict on a value the sheet never had."""
    found = results(SHEETS / "formula_errors.xlsx")
    assert [(r["id"], r["status"]) for r in found] == [
        ("F-1", "invalid"), ("F-2", "invalid"), ("F-3", "invalid"), ("F-4", "invalid"),
        ("F-5", "incomplete")]  # (the sheet has one of the eight document columns)
    said = [[(e["field"], e["message"].split(" (")[0]) for e in r["errors"]] for r in found[:4]]
    shows = "the cell shows the spreadsheet error"
    assert said == [
        [("name", f"{shows} #N/A")],  # and not also "is required"
        [("signatures", f"{shows} #DIV/0!")],
        [("nomination_form", f"{shows} #N/A")],
        [("postmarked", f"{shows} #N/A")],
    ]


def test_formula_errors_are_kept_as_text_in_the_copy(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    copy = tmp_path / "copy.xlsx"
    run("check", SHEETS / "formula_errors.xlsx", "-f", "xlsx", "-o", copy)
    sheet = load_workbook(copy).worksheets[0]
    assert sheet["B2"].value == "#N/A" and sheet["B2"].data_type == "s"
    assert sheet["K2"].value == "#DIV/0!"  # a column that feeds no check: kept, no verdict
    assert sheet["F3"].value == "#DIV/0!"


def test_formulas_never_computed_make_the_field_invalid(tmp_path: Path) -> None:
    """openpyxl writes formulas with no stored value; a row made only of such formulas was
    dropped from the results and from the copy, and the others read as empty cells."""
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEAD)
    sheet.append(row("1", "900101-6123456"))
    sheet.append(row("2", "900101-6123456", received='=IF(TRUE,"2024-06-10","")'))
    sheet.append([f"={c}2" for c in "ABCDEFG"])  # the whole row by formula
    book.save(tmp_path / "formulas.xlsx")
    found = results(tmp_path / "formulas.xlsx")
    assert [(r["id"], r["status"]) for r in found] == [
        ("1", "incomplete"), ("2", "invalid"), ("row 4", "invalid")]
    assert found[1]["errors"] == [{"field": "received", "message": (
        "the cell holds a formula (=IF(TRUE,\"2024-06-10\",\"\")) whose value was never "
        "computed (the file was written by a program, not saved by a spreadsheet program): "
        "open it in one and save it")}]
    assert [e["field"] for e in found[2]["errors"]] == [
        "id", "name", "nationality", "registration_number", "residences", "received"]
    copy = tmp_path / "copy.xlsx"
    run("check", tmp_path / "formulas.xlsx", "-f", "xlsx", "-o", copy)
    sheet = load_workbook(copy).worksheets[0]
    assert [c.value for c in sheet[4]][:3] == ["=A2", "=B2", "=C2"]
    assert all(c.data_type == "s" for c in sheet[4][:3])  # text, never run as formulas


def test_a_merged_cell_applies_to_every_row_it_covers() -> None:
    """mail / received / postmark typed once and merged over three rows: the two covered
    rows were 'incomplete' (method and date not given)."""
    found = results(SHEETS / "merged_cells.xlsx")
    assert [r["id"] for r in found] == ["F-1", "F-2", "F-3", "F-4"]
    said = [next(c for c in r["checks"] if c["rule"] == "submission") for r in found]
    assert [c["outcome"] for c in said] == ["pass"] * 4
    assert said[0]["message"] == said[1]["message"] == said[2]["message"]
    assert "2024-06-28" in said[0]["message"] and "2024-07-01" in said[0]["message"]
    assert "2024-06-10" in said[3]["message"]  # the row below the merge: its own values


def test_two_lists_in_one_workbook_are_refused(tmp_path: Path) -> None:
    source = workbook(tmp_path / "two.xlsx", {
        "1차 접수": [HEAD, row("1", "900101-6123456")],
        "2차 접수": [HEAD, row("2", "900101-6123456", nationality="KR")]})
    done = run("check", source)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(
        f"nominate: {source}: has two sheets of candidates, '1차 접수' and '2차 접수'")


def test_a_hidden_sheet_gives_way_to_a_visible_one(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    old = book.active
    old.title = "old 2023"
    old.append(HEAD)
    old.append(row("0", "900101-6123456", received="2023-06-10"))
    old.sheet_state = "hidden"
    new = book.create_sheet("2024")
    new.append(HEAD)
    new.append(row("1", "900101-6123456"))
    book.active = 1
    book.save(tmp_path / "hidden.xlsx")
    assert [r["id"] for r in results(tmp_path / "hidden.xlsx")] == ["1"]


def test_an_id_merged_over_a_candidates_periods_counts_for_each(tmp_path: Path) -> None:
    """On the residences sheet, a clerk merges a candidate's id down over their periods: the
    covered rows read as having no id ('rows without an id, ignored') and the candidate lost
    those periods."""
    import xlsxwriter

    path = tmp_path / "merged_ids.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("nominations").write_row(0, 0, ["id", "name", "nationality"])
    book.worksheets()[0].write_row(1, 0, ["M-1", "Kim Anna", "DE"])
    book.worksheets()[0].write_row(2, 0, ["M-2", "Lee Min", "DE"])
    periods = book.add_worksheet("residences")
    periods.write_row(0, 0, ["id", "start", "end", "city"])
    periods.merge_range(1, 0, 3, 0, "M-1")  # over a blank spacer row too (row 4)
    periods.write_row(1, 1, ["2014-01-01", "2017-12-31", "Busan"])
    periods.write_row(2, 1, ["2018-01-01", "", "Seoul"])
    periods.write_row(4, 0, ["M-2", "2019-01-01", "", "Seoul"])  # (row 4 is read: not last)
    book.close()
    done = run("check", path, "-f", "json")
    assert done.stderr == ""  # (was: 'rows without an id ... row 3')
    found, _ = json.loads(done.stdout)["results"]
    assert found["status"] != "invalid", found["errors"]  # (the spacer row is no period)
    assert found["residency"]["continuous_since"] == "2018-01-01"
