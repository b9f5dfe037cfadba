"""Stray cells far from the list (files saved by LibreOffice, tests/fixtures/sheets): a sheet
whose grid would be huge is refused before calamine sees it, and a sheet with no room for the
verdict columns is refused for XLSX output instead of losing the verdict."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import ROOT, run, run_limited
from nominate.sources.sheetscan import SheetScan, column_number

SHEETS = ROOT / "tests" / "fixtures" / "sheets"

SHEET_XML = (
    b'<?xml version="1.0"?><worksheet><dimension ref="A1:C3"/><sheetData>'
    b'<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="AB1"><v>1</v></c></row>'
    b"<row><c><v>2</v></c></row>"
    b'<row r="7"><c r="C7"><v>3</v></c></row><row/>'
    b'<row r="9"><c r="A9" s="1" t="e"><f aca="false">NA()</f><v>#N/A</v></c>'
    b'<c r="B9"><f>IF(A9=&quot;x&quot;,1,2)</f><v /></c><c r="C9"><f t="shared" si="0"/></c>'
    b'<c r="D9"><f>1+1</f><v>2</v></c><c r="E9" s="0" t="str"><f>IF(1,"","x")</f><v></v></c>'
    b"</row>"
    b"</sheetData></worksheet>"
)


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 16, 64, 1000])
def test_extent_is_the_same_however_the_xml_is_cut(size: int) -> None:
    scan = SheetScan()
    for i in range(0, len(SHEET_XML), size):
        scan.feed(SHEET_XML[i : i + size])
    scan.finish()
    # rows: 9 the highest number, plus 2 rows without one (a bound: they are rows 2 and 8);
    # columns: AB (28), beyond what the dimension declares
    assert (scan.rows, scan.columns, scan.corner) == (11, 28, "AB11")
    # what calamine reads as empty: an error value, and two formulas with no stored value
    assert scan.unread == {(9, 1): "#N/A", (9, 2): '=IF(A9="x",1,2)', (9, 3): "=…"}
    assert scan.unread[(9, 1)].reason.startswith("the cell shows the spreadsheet error #N/A")


def test_column_names_round_trip() -> None:
    from xlsxwriter.utility import xl_col_to_name  # what the messages name columns with

    for number in (1, 26, 27, 52, 702, 703, 16384):
        assert column_number(xl_col_to_name(number - 1)) == number
    assert xl_col_to_name(16384 - 1) == "XFD"


def test_stray_cell_in_the_corner_is_refused_quickly() -> None:
    """Before: calamine aborted the process (SIGABRT, exit 134) making room for 2^34 cells."""
    name = "stray_corner.xlsx"
    done = run_limited("check", SHEETS / name, memory_mb=1024, timeout=30)
    assert done.returncode == 2, done
    assert done.stdout == ""
    assert done.stderr == (
        f"nominate: {SHEETS / name}: the sheet 'Sheet1' reaches cell XFD1048576: a grid of up "
        "to 17,179,869,184 cells, more than the limit of 13,107,200; is there a stray cell far "
        "below or to the right of the list? (delete it, or raise --max-size, in MB, if the "
        "sheet is genuine)\n"
    )
    assert done.peak_mb < 200, done


def test_a_stray_cell_far_below_a_narrow_list_is_a_row_like_any_other() -> None:
    """Three columns down to row 1,048,576 are three million cells, within the limit: the
    stray cell is read as a row (an invalid one: it has no name), in bounded memory."""
    done = run_limited("check", SHEETS / "stray_tall.xlsx", "-f", "jsonl", memory_mb=1024,
                       timeout=60)
    assert done.returncode == 1, done
    ids = [json.loads(line)["id"] for line in done.stdout.splitlines()]
    assert ids == ["S-1", "end"]  # ("end" in the id column)
    assert done.peak_mb < 400, done


@pytest.mark.parametrize("name", ["wide_memo.xlsx", "wide_memo.csv"])
def test_no_room_for_the_verdict_in_xlsx(name: str, tmp_path: Path) -> None:
    """A header in column XFD: xlsxwriter dropped the verdict columns without a word."""
    source = SHEETS / name
    results = json.loads(run("check", source, "-f", "json").stdout)["results"]
    assert [(r["id"], r["status"]) for r in results] == [
        ("S-1", "incomplete"), ("S-2", "ineligible")]
    out = tmp_path / "out.xlsx"
    refused = run("check", source, "-f", "xlsx", "-o", out)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        "nominate: the sheet has 16,384 columns and an XLSX sheet holds at most 16,384, so "
        "there is no room for the verdict columns (a stray cell far to the right? delete it, "
        "or write --format csv)\n"
    )
    assert not out.exists() and list(tmp_path.iterdir()) == []
    copy = tmp_path / "out.csv"
    assert run("check", source, "-f", "csv", "-o", copy).returncode == 1
    rows = list(csv.reader(copy.open(encoding="utf-8-sig")))
    assert len(rows[0]) == 16384 + 4
    assert rows[0][16383:] == ["memo", "status", "reasons", "missing", "qualifies_on"]
    assert [row[16384] for row in rows[1:]] == ["incomplete", "ineligible"]


PREFIXED = (
    b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<x:sheetData><x:row spans="1:3" r="2"><x:c s="1" r="A2" t="e"><x:f>NA()</x:f>'
    b"<x:v>#N/A</x:v></x:c><x:c><x:f>1+1</x:f><x:v /></x:c>"
    b'<x:c t="str"><x:f>IF(1,"","x")</x:f><x:v></x:v></x:c><x:c s="2"/></x:row>'
    b"<x:row><x:c><x:v>5</x:v></x:c></x:row></x:sheetData></x:worksheet>"
)


def test_unusual_xml_is_read_in_full() -> None:
    """Prefixed elements, r="…" after other attributes, rows and cells without numbers: the
    quick scan says it cannot read them, and the full reading finds what calamine would."""
    from nominate.sources.sheetscan import read_in_full

    scan = SheetScan()
    scan.feed(PREFIXED)
    scan.finish()
    assert scan.unusual
    rows, columns, unread = read_in_full(PREFIXED)
    assert (rows, columns) == (3, 2)  # C2 computed "" and D2 is styled, empty: neither counts
    assert unread == {(2, 1): "#N/A", (2, 2): "=1+1"}


def test_styled_empty_cells_far_down_are_no_stray_cells(tmp_path: Path) -> None:
    """A formatted empty cell (or a row height) in row 600,000 holds nothing calamine keeps:
    the sheet was refused as reaching U600000."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "name", "nationality"])
    sheet.append(["S-1", "Lee Anna", "CA"])
    sheet.cell(600_000, 1).font = Font(bold=True)
    sheet.row_dimensions[1_000_000].height = 20
    book.save(tmp_path / "styled.xlsx")
    done = run("check", tmp_path / "styled.xlsx", "-f", "jsonl")
    assert done.returncode == 1 and done.stderr == "", done.stderr
    assert json.loads(done.stdout)["id"] == "S-1"
