"""What a spreadsheet holds beyond plain values: numbers that lost leading zeros, formula
errors, formulas never computed, merged cells, several sheets (SPEC §3, §6)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from conftest import run, workbook

HEAD = ["id", "name", "nationality", "registration_number", "copy of number", "residences",
        "received"]


def row(ident: str, number: Any, **cells: Any) -> list[Any]:
    values = {"id": ident, "name": f"Person {ident}", "nationality": "DE",
              "registration_number": number, "copy of number": number,
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


def test_a_ten_digit_number_that_is_no_registration_number_is_kept(tmp_path: Path) -> None:
    source = workbook(tmp_path / "phone.xlsx", {"Sheet1": [
        [*HEAD, "phone"], [*row("1", "900101-6123456"), 1012345678]]})
    copy = tmp_path / "copy.csv"
    run("check", source, "-f", "csv", "-o", copy)
    rows = list(csv.reader(copy.open(encoding="utf-8-sig")))
    assert rows[1][len(HEAD)] == "1012345678"
