"""Progress on a terminal: a bar on stderr for long runs, nothing but the report on stdout."""

from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl
import pexpect

from conftest import SAMPLES, nominate_cmd, run

ROWS = 1500


def big_input(tmp_path: Path) -> Path:
    record = json.loads((SAMPLES / "nominations.json").read_text(encoding="utf-8"))[0]
    rows = [{**record, "id": f"P{i}", "name": f"Person {i}", "registration_number": None}
            for i in range(ROWS)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def on_terminal(command: str, cwd: Path) -> str:
    """Run a shell command with stderr (and whatever it does not redirect) on a terminal."""
    env = {**os.environ, "NOMINATE_LANG": "en", "TERM": "xterm", "COLUMNS": "100"}
    child = pexpect.spawn("/bin/sh", ["-c", command], cwd=str(cwd), env=env,
                          encoding="utf-8", timeout=240, dimensions=(30, 100))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before  # every generated record is eligible
    return str(child.before)


def test_bar_on_terminal_and_only_the_report_on_stdout(tmp_path: Path) -> None:
    source = big_input(tmp_path)
    nominate = " ".join(nominate_cmd())
    shown = on_terminal(f"{nominate} check {source} --format jsonl > report.jsonl", tmp_path)
    assert "Checking" in shown and "━" in shown  # rich's bar, drawn on stderr
    lines = (tmp_path / "report.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == ROWS
    assert [json.loads(line)["id"] for line in lines] == [f"P{i}" for i in range(ROWS)]


def test_bar_while_writing_an_annotated_copy(tmp_path: Path) -> None:
    source = big_input(tmp_path)
    nominate = " ".join(nominate_cmd())
    shown = on_terminal(f"{nominate} check {source} -f xlsx -o out.xlsx > stdout.txt",
                        tmp_path)
    assert "Writing" in shown and "Wrote out.xlsx" in shown
    assert (tmp_path / "stdout.txt").read_text() == ""
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == ROWS + 1


def test_no_bar_without_a_terminal(tmp_path: Path) -> None:
    proc = run("check", big_input(tmp_path), "-f", "csv", "-o", tmp_path / "out.csv")
    assert proc.returncode == 0 and proc.stdout == ""
    assert proc.stderr == f"Wrote {tmp_path / 'out.csv'}\n"
