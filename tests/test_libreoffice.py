"""Our files as a real spreadsheet program sees them: LibreOffice, headless.

Conversions take seconds each, so this module makes three, once, and every test reads
their results: the annotated XLSX and a filled template to CSV; the annotated CSV to XLSX;
the filled template saved again by LibreOffice as XLSX.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import run
from nominate.i18n import set_language
from nominate.reporters.annotated import write_csv, write_xlsx
from nominate.rules import load_pack
from nominate.run import check_sources
from sheet_fakes import HEADERS, FakeSheet, good
from template_fill import fill

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
PACK = load_pack(None)
HOSTILE = ["=1+1", "-2+3", "+4+5", "@SUM(1,2)", '=HYPERLINK("http://example.com","x")',
           "=cmd|' /C calc'!A0"]


def hostile_rows() -> FakeSheet:
    rows = [((f"Person {i}", f"H-{i}", text, "900101-6123456", 1.0, None, text),
             good(id=f"H-{i}", name=f"Person {i}"))
            for i, text in enumerate(HOSTILE)]
    return FakeSheet("hostile.xlsx", HEADERS, rows)


def soffice(profile: Path, outdir: Path, target: str, *files: Path,
            infilter: str | None = None) -> None:
    args = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if infilter:
        args.append(f"--infilter={infilter}")
    args += ["--convert-to", target, "--outdir", str(outdir), *map(str, files)]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("lo")
    profile = base / "profile"
    set_language("en")
    checked = check_sources([hostile_rows()], PACK)
    annotated_xlsx = base / "annotated.xlsx"
    write_xlsx(checked, PACK, annotated_xlsx)
    annotated_csv = base / "annotated_csv.csv"
    with annotated_csv.open("w", encoding="utf-8-sig", newline="") as out:
        write_csv(checked, PACK, out)
    template = base / "template.xlsx"
    assert run("template", "-o", template, "--lang", "ko").returncode == 0
    filled = base / "filled.xlsx"
    fill(template, filled, "ko")

    to_csv, to_xlsx, from_csv = base / "to_csv", base / "to_xlsx", base / "from_csv"
    soffice(profile, to_csv, "csv:Text - txt - csv (StarCalc):44,34,76,1", annotated_xlsx,
            filled)
    soffice(profile, to_xlsx, "xlsx:Calc MS Excel 2007 XML", filled)
    soffice(profile, from_csv, "xlsx:Calc MS Excel 2007 XML", annotated_csv,
            infilter="CSV:44,34,76,1")
    return {
        "annotated.csv": to_csv / "annotated.csv",
        "filled.csv": to_csv / "filled.csv",
        "filled.xlsx": to_xlsx / "filled.xlsx",
        "from_csv.xlsx": from_csv / "annotated_csv.xlsx",
    }


def test_annotated_xlsx_shows_hostile_text_literally(converted: dict[str, Path]) -> None:
    rows = list(csv.reader(io.StringIO(converted["annotated.csv"].read_text(encoding="utf-8"))))
    assert rows[0][:7] == list(HEADERS)
    assert len(rows) == len(HOSTILE) + 1
    for row, text in zip(rows[1:], HOSTILE, strict=True):
        assert row[2] == text and row[6] == text  # not 2, 1, 9, 3 or a link's text
        assert row[3] == "900101-6******"
        assert row[7] == "eligible for review"


def test_annotated_csv_opens_as_text_in_libreoffice(converted: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(converted["from_csv.xlsx"])
    rows = list(book.worksheets[0].iter_rows())
    assert len(rows) == len(HOSTILE) + 1
    for row, text in zip(rows[1:], HOSTILE, strict=True):
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
        assert str(row[2].value).lstrip("'") == text


@pytest.mark.parametrize("name", ["filled.xlsx", "filled.csv"])
def test_template_saved_by_libreoffice_checks_cleanly(converted: dict[str, Path],
                                                      name: str) -> None:
    proc = run("check", converted[name], "--format", "json")
    results = json.loads(proc.stdout)["results"]
    # A CSV export keeps the first sheet only: the periods on the residences sheet are lost.
    second = "eligible" if name.endswith(".xlsx") else "incomplete"
    assert [(r["id"], r["status"]) for r in results] == [
        ("2024-101", "eligible"), ("2024-102", second)]
    assert proc.returncode == (0 if second == "eligible" else 1), proc.stderr
    assert all(r["warnings"] == [] for r in results)
