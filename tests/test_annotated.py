"""Annotated copies (SPEC §6): real files written, then reopened with openpyxl and csv."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import tempfile
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import SAMPLES, nominate_cmd, run
from nominate.columns import all_columns
from nominate.commands import _write_file
from nominate.errors import OutputError
from nominate.i18n import set_language
from nominate.reporters import OutputFormat
from nominate.reporters.annotated import write_csv, write_xlsx
from nominate.rules import load_pack
from nominate.run import CheckRun, check_sources
from sheet_fakes import HEADERS, FakeSheet, good

PACK = load_pack(None)
RESULT_HEADERS = ["status", "reasons", "missing", "qualifies_on"]
HOSTILE = ['=HYPERLINK("http://example.com/x","click")', "-2+3", "@SUM(A1:A2)", "+82 2 1234",
           "\tcmd", "=1+1"]


def hostile_sheet() -> FakeSheet:
    rows = [
        (("Maria Schmidt", "2024-001", HOSTILE[0], "900101-6123456", 1.0, date(2024, 6, 3),
          HOSTILE[3]),
         good(id="2024-001", registration_number="900101-6123456")),
        (("Kim Minji", "2024-002", HOSTILE[1], 9001016123456.0, True,
          datetime(2024, 6, 3, 10, 30), HOSTILE[2]),
         good(id="2024-002", name="Kim Minji", nationality="KR")),
        (("", None, HOSTILE[5], "", None, None, ""), {"name": None}),
        (("Tanaka Aiko", "2024-004", HOSTILE[4], "", 0.0, "2024-06-03", "ok"),
         good(id="2024-004", name="Tanaka Aiko",
              documents={**good()["documents"], "photo": 0})),
    ]
    return FakeSheet("clerk.xlsx", HEADERS, rows)


def checked(*sources: FakeSheet) -> CheckRun:
    set_language("en")
    return check_sources(list(sources), PACK)


def test_xlsx_keeps_every_row_and_column_and_never_makes_a_formula(tmp_path: Path) -> None:
    run_ = checked(hostile_sheet())
    assert [r.status.value for r in run_.results] == [
        "eligible", "ineligible", "invalid", "incomplete"]
    out = tmp_path / "annotated.xlsx"
    write_xlsx(run_, PACK, out)

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["nominations", "summary"]
    sheet = book["nominations"]
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == [*HEADERS, *RESULT_HEADERS]
    assert len(rows) == 5
    values = [[c.value for c in row] for row in rows[1:]]
    assert [v[0] for v in values] == ["Maria Schmidt", "Kim Minji", None, "Tanaka Aiko"]
    # hostile text is text, unchanged, in every row and column it came in
    assert [values[i][2] for i in range(4)] == [HOSTILE[0], HOSTILE[1], HOSTILE[5], HOSTILE[4]]
    assert values[0][6] == HOSTILE[3] and values[1][6] == HOSTILE[2]
    for row in rows[1:]:
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    # registration numbers masked, whether text or a number cell
    assert values[0][3] == "900101-6******" and values[1][3] == "900101-6******"
    with zipfile.ZipFile(out) as archive:
        assert not any(b"6123456" in archive.read(n) for n in archive.namelist())
    # types as read: numbers, booleans, real dates; text dates stay text
    assert values[0][4] == 1 and values[1][4] is True
    assert values[0][5] == datetime(2024, 6, 3) and rows[1][5].number_format == "yyyy-mm-dd"
    assert values[1][5] == datetime(2024, 6, 3, 10, 30)
    assert values[3][5] == "2024-06-03"
    # the verdict columns
    assert [v[7] for v in values] == ["eligible for review", "ineligible", "invalid",
                                      "incomplete"]
    assert values[0][8] is None
    assert values[1][8].startswith("[C1] A Korean national")
    assert values[2][8].startswith("name: ")
    assert values[3][9] == "photo"
    # colours: the status cell filled, every row by a conditional format on the status
    fills = [rows[i][7].fill.fgColor.rgb[-6:] for i in range(1, 5)]
    assert fills == ["C6EFCE", "FFC7CE", "E4DFEC", "FFEB9C"]
    assert rows[1][7].font.b
    rules = {}
    for area in sheet.conditional_formatting:
        assert str(area.sqref) == "A2:K5"
        for rule in area.rules:
            rules[rule.formula[0]] = rule.dxf.fill.bgColor.rgb[-6:]
    assert rules == {'$H2="eligible for review"': "C6EFCE", '$H2="incomplete"': "FFEB9C",
                     '$H2="ineligible"': "FFC7CE", '$H2="invalid"': "E4DFEC"}
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K5"
    assert 10 < sheet.column_dimensions["C"].width <= 60

    summary = {r[0]: r[1:] for r in book["summary"].iter_rows(values_only=True) if r[0]}
    assert summary["Rules pack"][0].startswith("seoul-2024")
    assert summary["sha256"][0] == PACK.sha256
    assert summary["As of"][0] == datetime(2024, 5, 31)
    assert summary["Tool"][0].startswith("nominate ")
    assert summary["eligible for review"][0] == 1 and summary["invalid"][0] == 1
    assert summary["Total"][0] == 4
    assert summary["foreign_national"] == ("C1", 1, 0)
    assert summary["documents"] == ("C7", 0, 1)


def test_csv_neutralises_formulas_and_masks(tmp_path: Path) -> None:
    run_ = checked(hostile_sheet())
    out = io.StringIO()
    write_csv(run_, PACK, out)
    assert out.getvalue().count("\r\n") >= 5  # RFC 4180 line ends
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == [*HEADERS, *RESULT_HEADERS]
    assert len(rows) == 5
    assert [r[2] for r in rows[1:]] == ["'" + HOSTILE[0], "'" + HOSTILE[1], "'" + HOSTILE[5],
                                         "'" + HOSTILE[4]]
    assert rows[1][6] == "'" + HOSTILE[3] and rows[2][6] == "'" + HOSTILE[2]
    assert rows[4][6] == "ok"
    assert rows[1][3] == rows[2][3] == "900101-6******"
    assert "6123456" not in out.getvalue()
    assert rows[1][4] == "1" and rows[2][4] == "TRUE" and rows[4][4] == "0"
    assert rows[1][5] == "2024-06-03" and rows[2][5] == "2024-06-03 10:30:00"
    assert [r[7] for r in rows[1:]] == ["eligible for review", "ineligible", "invalid",
                                        "incomplete"]


def test_several_files_share_columns_by_header_and_name_the_file(tmp_path: Path) -> None:
    first = FakeSheet("a.csv", ("name", "id", "notes"),
                      [(("Ann Lee", "A-1", "x"), good(id="A-1", name="Ann Lee"))])
    second = FakeSheet("b.csv", ("id", "name", "phone"),
                       [(("B-1", "Bo Chen", "010"), good(id="B-1", name="Bo Chen"))])
    out = io.StringIO()
    write_csv(checked(first, second), PACK, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["name", "id", "notes", "phone", *RESULT_HEADERS, "file"]
    assert rows[1][:4] == ["Ann Lee", "A-1", "x", ""] and rows[1][-1] == "a.csv"
    assert rows[2][:4] == ["Bo Chen", "B-1", "", "010"] and rows[2][-1] == "b.csv"


def test_json_input_becomes_one_column_per_spec_column(tmp_path: Path) -> None:
    sample = SAMPLES / "nominations.json"
    records = json.loads(sample.read_text(encoding="utf-8"))
    out = tmp_path / "out.xlsx"
    proc = run("check", sample, "--format", "xlsx", "--output", out)
    assert proc.returncode == 1 and proc.stdout == ""
    rows = list(openpyxl.load_workbook(out)["nominations"].iter_rows(values_only=True))
    labels = [c.label("en") for c in all_columns(PACK)]
    assert list(rows[0]) == [*labels, *RESULT_HEADERS]
    assert [r[0] for r in rows[1:]] == [r.get("id") for r in records]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["registration number"] == "900101-6******"
    assert first["residences"] == "2016-03-01..2018-02-28 Busan; 2018-03-01.. Seoul"
    assert first["photo"] == 1 and first["pledge"] is True
    assert first["status"] == "eligible for review"

    csv_out = tmp_path / "out.csv"
    proc = run("check", sample, "--format", "csv", "--output", csv_out, "--lang", "ko")
    assert proc.returncode == 1
    raw = csv_out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so that Excel reads UTF-8
    rows_ko = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows_ko[0][:2] == ["접수번호", "성명"] and rows_ko[0][-4:] == [
        "판정", "사유", "누락", "요건충족일"]
    assert len(rows_ko) == len(records) + 1
    assert oct(csv_out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())

    stdout = run("check", sample, "--format", "csv")
    assert not stdout.stdout.startswith("\ufeff")
    assert next(iter(csv.reader(io.StringIO(stdout.stdout))))[0] == "id"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_input_file_is_refused_as_output(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text((SAMPLES / "nominations.json").read_text(encoding="utf-8"),
                      encoding="utf-8")
    before = source.read_bytes()
    proc = run("check", source, "--format", "json", "--output", source)
    assert proc.returncode == 2 and "refusing to overwrite the input" in proc.stderr
    assert source.read_bytes() == before and proc.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


@pytest.mark.parametrize("fmt", [OutputFormat.XLSX, OutputFormat.CSV])
def test_a_failure_while_writing_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                fmt: OutputFormat) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    sheet = hostile_sheet()
    sheet.fail_after = 2
    run_ = checked(sheet)
    target = tmp_path / f"out.{fmt.value}"
    target.write_text("previous report")
    with pytest.raises(OutputError, match="disk went away"):
        _write_file(fmt, run_, PACK, target, ["clerk.xlsx"])
    assert target.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name, "scratch"]
    assert list(scratch.iterdir()) == []


def test_write_xlsx_lets_an_unwritable_target_reach_its_caller(tmp_path: Path) -> None:
    """As OSError: the caller (``outputs.atomic_path``) names the file asked for in one line."""
    with pytest.raises(OSError, match="No such file or directory"):
        write_xlsx(checked(hostile_sheet()), PACK, tmp_path / "no-such-folder" / "out.xlsx")


def test_ctrl_c_while_writing_leaves_nothing(tmp_path: Path) -> None:
    record = json.loads((SAMPLES / "nominations.json").read_text(encoding="utf-8"))[0]
    big = tmp_path / "big.json"
    rows = [{**record, "id": f"R{i}", "name": f"Person {i}", "registration_number": None}
            for i in range(12_000)]
    big.write_text(json.dumps(rows), encoding="utf-8")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    target = tmp_path / "out.xlsx"
    env = {**os.environ, "NOMINATE_LANG": "en", "TMPDIR": str(scratch)}
    proc = subprocess.Popen([*nominate_cmd(), "check", big, "-f", "xlsx", "-o", target],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while not list(tmp_path.glob(".out.xlsx.*.part")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.3)  # well inside the writing of 12,000 rows
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stdout == b"" and b"interrupted" in stderr and b"Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.json", "scratch"]
    assert list(scratch.iterdir()) == []


def test_a_full_disk_names_the_copy_asked_for_not_its_temporary_file(tmp_path: Path) -> None:
    """xlsxwriter wraps the disk's error: it said '.o.xlsx.x1y2.part: cannot write here
    ([Errno 28] No space left on device)'."""
    import errno

    from xlsxwriter.exceptions import FileCreateError

    from nominate.errors import OutputError
    from nominate.outputs import atomic_path
    from nominate.reporters.annotated import _close

    class FullDisk:
        def close(self) -> None:
            try:
                raise OSError(errno.ENOSPC, "No space left on device")
            except OSError as exc:
                raise FileCreateError(exc) from exc

    target = tmp_path / "o.xlsx"
    with pytest.raises(OutputError) as err, atomic_path(target) as tmp:
        _close(FullDisk(), tmp)
    assert str(err.value) == f"{target}: cannot write here (No space left on device)"
    assert list(tmp_path.iterdir()) == []
