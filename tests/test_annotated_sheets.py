"""Annotated copies of real spreadsheets (saved by LibreOffice), read by the real readers."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT, SAMPLES, run, workbook

FIXTURES = ROOT / "tests" / "fixtures" / "sheets"
RESULT_HEADERS = ["status", "reasons", "missing", "qualifies_on"]


def input_rows(path: Path, keep_empty: bool = False) -> list[list[object]]:
    """The rows of the first sheet, as openpyxl sees them (a formula as its value); without
    empty rows, or with them up to the last row that holds anything."""
    sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]  # formulas: values
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    filled = [any(v not in (None, "") for v in r) for r in rows]
    if keep_empty:
        last = max(i for i, f in enumerate(filled) if f)
        return rows[: last + 1]
    return [r for r, f in zip(rows, filled, strict=True) if f]


def statuses(path: Path) -> list[tuple[str, str]]:
    proc = run("check", path, "--format", "json")
    return [(r["id"], r["status"]) for r in json.loads(proc.stdout)["results"]]


def same(a: object, b: object) -> bool:
    if isinstance(a, datetime) and isinstance(b, date):
        return a.date() == (b.date() if isinstance(b, datetime) else b) and a.time() == (
            b.time() if isinstance(b, datetime) else a.time())
    return a == b or (a in (None, "") and b in (None, ""))


@pytest.mark.parametrize("source", [FIXTURES / "clerk_ko.xlsx", SAMPLES / "nominations.xlsx"])
def test_annotated_xlsx_of_a_real_sheet(tmp_path: Path, source: Path) -> None:
    out = tmp_path / "annotated.xlsx"
    proc = run("check", source, "--format", "xlsx", "--output", out)
    assert proc.returncode == 1 and proc.stdout == "", proc.stderr
    before = input_rows(source, keep_empty=True)
    after = [list(r) for r in
             openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True)]
    width = len(before[0])
    assert after[0] == [*before[0], *RESULT_HEADERS]
    # every row, empty ones included, in order: row numbers in messages match both files
    assert len(after) == len(before)
    number_col = next(i for i, h in enumerate(before[0])
                      if h in ("registration_number", "외국인등록번호"))
    for old, new in zip(before[1:], after[1:], strict=True):
        for col in range(width):
            if col == number_col:
                if old[col]:
                    assert new[col] == str(old[col])[:8] + "******"
            else:
                assert same(new[col], old[col]), (col, old[col], new[col])
    with zipfile.ZipFile(out) as archive:
        assert not any(b"6123456" in archive.read(n) for n in archive.namelist())
    checked = statuses(source)
    from nominate.i18n import t

    assert [r[width] for r in after[1:] if r[width]] == [
        t(f"status.{s}", "en") for _, s in checked]
    assert all(r[width] for r, old in zip(after[1:], before[1:], strict=True)
               if any(v not in (None, "") for v in old))


@pytest.mark.parametrize("source", [FIXTURES / "clerk_ko.csv", FIXTURES / "clerk_ko_cp949.csv",
                                    SAMPLES / "nominations.csv"])
def test_annotated_csv_of_a_real_csv(tmp_path: Path, source: Path) -> None:
    out = tmp_path / "annotated.csv"
    proc = run("check", source, "--format", "csv", "--output", out)
    assert proc.returncode == 1 and proc.stdout == "", proc.stderr
    encoding = "cp949" if "cp949" in source.name else "utf-8-sig"
    before = list(csv.reader(io.StringIO(source.read_text(encoding=encoding))))
    while before and not any(before[-1]):
        before.pop()
    after = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert after[0] == [*before[0], *RESULT_HEADERS]
    assert len(after) == len(before)  # empty rows kept: row numbers match both files
    for old, new in zip(before[1:], after[1:], strict=True):
        if not any(old):
            assert not any(new)
            continue
        for col, value in enumerate(old):
            if value.startswith(("=", "+", "-", "@")):
                assert new[col] == "'" + value
            elif len(value) == 14 and value[6] == "-" and value[:6].isdigit():
                assert new[col] == value[:8] + "******"
            else:
                assert new[col] == value
    assert [r[len(before[0])] for r in after[1:] if any(r)] == [
        {"eligible": "eligible for review"}.get(s, s) for _, s in statuses(source)]


@pytest.mark.parametrize("source", [FIXTURES / "residences_ja.xlsx", FIXTURES / "clerk_ko.xlsx"])
def test_annotated_xlsx_checks_again_to_the_same_verdicts(tmp_path: Path, source: Path) -> None:
    """The copy keeps the residences sheet and the empty rows: the same ids, rows, verdicts."""
    out = tmp_path / "annotated.xlsx"
    run("check", source, "--format", "xlsx", "--output", out)
    again = statuses(out)
    assert again == statuses(source)
    if source.name.startswith("residences"):
        assert len(openpyxl.load_workbook(out).sheetnames) == 3  # candidates, periods, summary


def periods_workbook(path: Path, periods: list[list[object]], sheet: str = "nominations") -> None:
    workbook(path, {sheet: [["id", "name"], ["A", "Candidate A"], [17, "Candidate 17"]],
                    "거주기간": periods})


def test_residences_sheet_is_copied_cell_for_cell(tmp_path: Path) -> None:
    """Headers as the clerk wrote them, numbers as numbers, dates as dates, rows in their
    order, a row without an id, an END written 現在: nothing written there is lost, and
    registration numbers (as text or as a number) are masked there too."""
    source = tmp_path / "in.xlsx"
    periods_workbook(source, [
        ["접수번호", "시작일", "종료일", "도시", "비고"],
        [17, datetime(2019, 1, 1), None, "Seoul", 9001016123456],
        ["A", "2015-03-01", "2018-02-28", "Busan", "900101-6123456"],
        [None, "2016-01-01", "現在", "Seoul", "no id: warned, not joined"],
        ["A", "2018-03-01", "現在", "서울특별시", True],
    ])
    out = tmp_path / "annotated.xlsx"
    run("check", source, "--format", "xlsx", "--output", out)
    before = openpyxl.load_workbook(source)["거주기간"]
    after = openpyxl.load_workbook(out)
    assert after.sheetnames == ["nominations", "거주기간", "summary"]
    rows = [list(r) for r in after["거주기간"].iter_rows(values_only=True)]
    expected = [list(r) for r in before.iter_rows(values_only=True)]
    expected[1][4] = expected[2][4] = "900101-6******"
    assert rows == expected


def test_main_sheet_keeps_its_name_unless_excel_refuses_it(tmp_path: Path) -> None:
    for name, kept in (("추천명단 2024", "추천명단 2024"), ("'quoted", "nominations"),
                       ("Summary", "nominations")):
        source, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
        periods_workbook(source, [["id", "start", "end", "city"]], sheet=name)
        out.unlink(missing_ok=True)
        proc = run("check", source, "--format", "xlsx", "--output", out)
        assert proc.returncode == 1, proc.stderr
        assert openpyxl.load_workbook(out).sheetnames == [kept, "거주기간", "summary"]


def test_three_workbooks_with_residences_sheets_make_one_copy(tmp_path: Path) -> None:
    names = []
    for i in range(3):
        names.append(tmp_path / f"in{i}.xlsx")
        periods = [["id", "start", "end", "city"], ["A", "2018-01-01", "", "Seoul"]]
        periods_workbook(names[-1], periods)
    out = tmp_path / "out.xlsx"
    assert run("check", *names, "--format", "xlsx", "--output", out).returncode == 1
    assert openpyxl.load_workbook(out).sheetnames == [
        "nominations", "거주기간", "거주기간 (2)", "거주기간 (3)", "summary"]
    # which id's periods are in which sheet is not for nominate to guess: said, not misread
    again = run("check", out, "--format", "json")
    assert (again.returncode, again.stdout) == (2, "")
    sheets = "'거주기간', '거주기간 (2)', '거주기간 (3)'"
    assert f"has several residences sheets ({sheets})" in again.stderr


def test_checking_an_annotated_copy_again_replaces_the_earlier_verdict(tmp_path: Path) -> None:
    """The clerk fixes a few rows of the annotated copy and checks it again: one set of
    verdict columns, this run's, in this run's language; a column of the clerk's own that
    happens to be called ``status`` stays."""
    sheet = tmp_path / "in.csv"
    sheet.write_text("name,status,nationality\nKim Anna,received,DE\n", encoding="utf-8")
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    run("check", sheet, "-f", "xlsx", "--output", first)
    proc = run("check", first, "-f", "xlsx", "--output", second, "--lang", "ko")
    assert proc.stderr.startswith(  # said, in the run's language
        f"nominate: {first}: D–G 열(status, reasons, missing, qualifies_on)은 이전 검토 결과입니다")
    header = [c.value for c in next(openpyxl.load_workbook(second).worksheets[0].iter_rows())]
    assert header == ["name", "status", "nationality", "판정", "사유", "누락", "요건충족일"]
    row = [c.value for c in list(openpyxl.load_workbook(second).worksheets[0].iter_rows())[1]]
    assert row[:3] == ["Kim Anna", "received", "DE"] and row[3] == "보완 필요"
    third = tmp_path / "third.csv"
    run("check", second, "-f", "csv", "--output", third)
    assert third.read_text(encoding="utf-8-sig").splitlines()[0] == (
        "name,status,nationality,status,reasons,missing,qualifies_on")


def test_verdict_columns_partly_deleted_are_still_replaced(tmp_path: Path) -> None:
    sheet = tmp_path / "in.csv"
    sheet.write_text(
        "name,nationality,status,reasons,missing\n"  # 'qualifies_on' deleted by the clerk
        "Kim Anna,DE,old status,old reasons,old missing\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    run("check", sheet, "--format", "csv", "--output", out)
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "name,nationality,status,reasons,missing,qualifies_on"
    assert "old status" not in text and "old reasons" not in text


@pytest.mark.parametrize("own", [
    ["Status"],  # just before the verdict columns, on the second check
    ["File"],
    ["reasons", "missing"],  # a clerk's pair, in one of our languages
    ["Status", "Reasons"],
    ["判定", "理由"],
    ["Status", "Reasons", "Missing", "notes"],  # not the sheet's last columns: the clerk's
])
def test_a_clerks_own_columns_named_like_the_verdict_are_kept(tmp_path: Path, own: list) -> None:
    sheet = tmp_path / "in.csv"
    values = [f"clerk's {h}" for h in own]
    sheet.write_text(",".join(["name", "nationality", *own]) + "\n"
                     + ",".join(["Kim Anna", "DE", *values]) + "\n", encoding="utf-8")
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    run("check", sheet, "--format", "csv", "--output", first)
    run("check", first, "--format", "csv", "--output", second)
    for out in (first, second):
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        assert rows[0] == ["name", "nationality", *own,
                           "status", "reasons", "missing", "qualifies_on"]
        assert rows[1][2 : 2 + len(own)] == values


def test_a_copy_of_several_files_checks_again_to_the_same_verdicts(tmp_path: Path) -> None:
    """Headers that name one column (``name``, ``Name``, ``성명``) share it in the copy."""
    (tmp_path / "a.csv").write_text("name,nationality\nA,DE\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("Name,국적\nB,KR\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("성명,notes\nC,hello\n", encoding="utf-8")
    inputs = [tmp_path / n for n in ("a.csv", "b.csv", "c.csv")]
    copy = tmp_path / "copy.csv"
    run("check", *inputs, "--format", "csv", "--output", copy)
    assert copy.read_text(encoding="utf-8-sig").splitlines()[0] == (
        "name,nationality,notes,status,reasons,missing,qualifies_on,file")
    first = [s for _, s in statuses(tmp_path / "a.csv") + statuses(tmp_path / "b.csv")
             + statuses(tmp_path / "c.csv")]
    assert [s for _, s in statuses(copy)] == first == ["incomplete", "ineligible", "incomplete"]


def test_empty_rows_above_the_header_are_kept(tmp_path: Path) -> None:
    """The results say row 4 and row 5; the copy had them on rows 2 and 3 (the empty rows
    above the header were dropped), and checked again it said row 2 and row 3."""
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    sheet = book.active
    sheet["A3"], sheet["B3"] = "name", "nationality"
    sheet["A4"], sheet["B4"] = "Lee Anna", "CA"
    sheet["A5"], sheet["B5"] = "Kim Minho", "KR"
    book.save(tmp_path / "offset.xlsx")
    ids = ["row 4", "row 5"]
    for fmt in ("xlsx", "csv"):
        copy = tmp_path / f"copy.{fmt}"
        assert run("check", tmp_path / "offset.xlsx", "-f", fmt, "-o", copy).returncode == 1
        again = run("check", copy, "-f", "jsonl")
        assert [json.loads(line)["id"] for line in again.stdout.splitlines()] == ids, fmt
    copied = load_workbook(tmp_path / "copy.xlsx").worksheets[0]
    assert [copied[f"A{r}"].value for r in (3, 4, 5)] == ["name", "Lee Anna", "Kim Minho"]
    assert copied.freeze_panes == "A4"
