"""``nominate template``: the files it writes, and a filled-in template checked back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from conftest import run
from nominate.columns import RESIDENCE_COLUMNS, all_columns
from nominate.rules import load_pack
from nominate.template import vocabularies
from template_fill import fill

PACK = load_pack(None)
COLUMNS = all_columns(PACK)
YES_NO = {"en": '"yes,no"', "ko": '"예,아니오"', "ja": '"はい,いいえ"'}


def make(tmp_path: Path, fmt: str, lang: str) -> Path:
    out = tmp_path / f"template-{lang}.{fmt}"
    proc = run("template", "--format", fmt, "--output", out, "--lang", lang)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and out.exists()
    return out


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_xlsx_template(tmp_path: Path, lang: str) -> None:
    book = openpyxl.load_workbook(make(tmp_path, "xlsx", lang))
    assert len(book.sheetnames) == 3
    sheet, periods, instructions = book.worksheets
    assert [c.value for c in sheet[1]] == [c.label(lang) for c in COLUMNS]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in periods[1]] == [c.label(lang) for c in RESIDENCE_COLUMNS]

    letters = {c.key: openpyxl.utils.get_column_letter(i) for i, c in enumerate(COLUMNS, 1)}
    checks = {str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation}
    vocab = vocabularies(PACK)
    for column in COLUMNS:
        rule = checks.get(f"{letters[column.key]}2")
        if column.enum_field:
            assert rule is not None and rule.type == "list", column.key
            assert rule.formula1 == '"' + ",".join(vocab[column.enum_field]) + '"'
            assert str(rule.sqref).endswith("1048576")
        elif column.kind == "yesno":
            assert rule is not None and rule.formula1 == YES_NO[lang], column.key
        elif column.kind == "count":
            assert rule is not None and rule.type == "whole" and rule.formula1 == "0"
        else:
            assert rule is None, column.key
    assert sum(1 for c in COLUMNS if c.kind == "yesno") == 7
    # dates formatted as dates, text columns as text (an id like 2024-017 stays text)
    for key in ("received", "postmarked"):
        assert column_format(sheet, key) == "yyyy-mm-dd"
    for key in ("id", "registration_number", "name", "residences", "nominator_type"):
        assert column_format(sheet, key) == "@"
    assert column_format(sheet, "photo") == "General"

    rows = list(instructions.iter_rows(values_only=True))
    explained = {row[1]: row for row in rows if row[1] in letters}
    assert list(explained) == [c.key for c in COLUMNS]
    for column in COLUMNS:
        label, _key, meaning, accepted = explained[column.key]
        assert label == column.label(lang) and meaning and accepted
        for value in vocab.get(column.enum_field or "", []):
            assert f"{value}: {PACK.label(value, lang)}" in accepted


def column_format(sheet: openpyxl.worksheet.worksheet.Worksheet, key: str) -> str:
    """The number format of a column (openpyxl files columns by ``<col min max>`` groups)."""
    index = next(i for i, c in enumerate(COLUMNS, 1) if c.key == key)
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= index <= dimension.max:
            return str(dimension.number_format)
    return "General"


def test_csv_and_json_templates(tmp_path: Path) -> None:
    raw = make(tmp_path, "csv", "ja").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(raw.decode("utf-8-sig").splitlines())) == [
        [c.label("ja") for c in COLUMNS]]
    records = json.loads(make(tmp_path, "json", "en").read_text(encoding="utf-8"))
    assert len(records) == 1 and list(records[0]) == [
        "id", "name", "nationality", "alien_registration", "registration_number", "residences",
        "contributions", "achievements", "nominator", "submission", "documents"]
    assert set(records[0]["documents"]) == {c.key for c in COLUMNS if c.kind in ("yesno",
                                                                                 "count")
                                            and c.field.startswith("documents.")}


def test_template_refuses_an_unknown_format_and_writes_nothing(tmp_path: Path) -> None:
    proc = run("template", "--format", "pdf", "--output", tmp_path / "t.pdf")
    assert proc.returncode == 2 and "--format" in proc.stderr and "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_template_never_replaces_a_file_and_follows_the_suffix(tmp_path: Path) -> None:
    """Re-running `template` with the name of a sheet filled in since must not wipe it."""
    filled = tmp_path / "nominations.xlsx"
    filled.write_bytes(b"a clerk's filled-in workbook")
    proc = run("template", "--output", filled)
    assert proc.returncode == 2
    assert proc.stderr == f"nominate: {filled}: already exists; it is never replaced " \
        "(remove it or choose another name)\n"
    assert filled.read_bytes() == b"a clerk's filled-in workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nominations.xlsx"]
    # the suffix must agree with the format (XLSX unless asked otherwise)
    for args, name, message in (
        ([], "t.csv", "a .csv file needs --format csv (the format is xlsx)"),
        (["-f", "csv"], "t.xlsx", "a .xlsx file needs --format xlsx (the format is csv)"),
        (["-f", "json"], "t.jsonl", "this command does not write .jsonl files; the formats "
         "are xlsx, csv, json (currently json)"),
        ([], "t.jsonl", "this command does not write .jsonl files; the formats "
         "are xlsx, csv, json (currently xlsx)"),
    ):
        proc = run("template", *args, "--output", tmp_path / name)
        assert proc.returncode == 2
        assert proc.stderr == f"nominate: --output {tmp_path / name}: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nominations.xlsx"]
    assert run("template", "--output", tmp_path / "t.csv", "-f", "csv").returncode == 0


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_filled_template_checks_cleanly(tmp_path: Path, lang: str) -> None:
    filled = tmp_path / f"filled-{lang}.xlsx"
    fill(make(tmp_path, "xlsx", lang), filled, lang)
    proc = run("check", filled, "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads(proc.stdout)["results"]
    assert [(r["id"], r["status"]) for r in results] == [
        ("2024-101", "eligible"), ("2024-102", "eligible")]
    assert all(r["warnings"] == [] for r in results)


def test_never_replace_holds_for_a_file_that_appears_while_writing(tmp_path: Path) -> None:
    from nominate.errors import OutputError
    from nominate.outputs import atomic_path

    target = tmp_path / "t.xlsx"
    with pytest.raises(OutputError, match="already exists"), atomic_path(
        target, replace=False
    ) as tmp:
        tmp.write_bytes(b"template")
        target.write_bytes(b"written meanwhile by someone else")
    assert target.read_bytes() == b"written meanwhile by someone else"
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]
