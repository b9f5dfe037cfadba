"""Standard output as scripts meet it (SPEC §5): a locale that is not UTF-8, a reader that goes
away, a full disk, a closed stream. Each ends with the exit code the records give, or with one
line and exit 2, never an internal error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES, nominate_cmd

ENV = {**os.environ, "NOMINATE_LANG": "en", "COLUMNS": "120"}


def nominate(*args: str | Path, env: dict[str, str] | None = None,
             stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*nominate_cmd(), *map(str, args)], stdout=stdout,
                          stderr=subprocess.PIPE, env={**ENV, **(env or {})}, timeout=120,
                          check=False)


@pytest.mark.parametrize("codec", ["cp949", "shift_jis", "ascii"])
def test_machine_formats_are_utf8_whatever_the_locale(codec: str) -> None:
    """Before: half a report, then 'internal error (UnicodeEncodeError)', exit 2."""
    done = nominate("check", SAMPLES / "nominations.json", "-f", "json",
                    env={"PYTHONIOENCODING": codec})
    assert done.returncode == 1 and done.stderr == b""
    names = [r["name"] for r in json.loads(done.stdout.decode("utf-8"))["results"]]
    assert "田中 愛子" in names and "Nguyễn Thị Lan" in names


def test_a_table_in_a_narrow_encoding_shows_what_it_can() -> None:
    done = nominate("check", SAMPLES / "nominations.json", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 1, done.stderr
    assert b"Maria Schmidt" in done.stdout and b"internal error" not in done.stderr


def all_eligible(folder: Path, count: int = 5000) -> Path:
    record = json.loads((SAMPLES / "nominations.json").read_text(encoding="utf-8"))[0]
    path = folder / "eligible.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(json.dumps({**record, "id": f"G{i}"}) + "\n")
    return path


def test_a_reader_that_goes_away_is_no_error(tmp_path: Path) -> None:
    """``| head -1`` with every record eligible: exit 0 (typer's own handler made it 1)."""
    done = subprocess.run(
        f"{' '.join(nominate_cmd())} check {all_eligible(tmp_path)} -f jsonl | head -1; "
        "echo \"rc=${PIPESTATUS[0]}\"",
        shell=True, executable="/bin/bash", capture_output=True, text=True, env=ENV,
        timeout=120, check=False)
    first, status = done.stdout.splitlines()
    assert json.loads(first)["id"] == "G0"
    assert status == "rc=0" and done.stderr == ""


def test_a_full_disk_on_stdout_is_one_line() -> None:
    with open("/dev/full", "wb") as full:
        done = nominate("check", SAMPLES / "nominations.json", "-f", "jsonl", stdout=full)
    assert done.returncode == 2
    assert done.stderr == b"nominate: <stdout>: cannot write here (No space left on device)\n"


@pytest.mark.parametrize(("args", "closed", "said"), [
    (("check", SAMPLES / "nominations.json"), "stdout",
     "nominate: standard output is closed: nowhere to write the report (give --output FILE)"),
    (("schema", "result"), "stdout",
     "nominate: standard output is closed: nowhere to write the report (give --output FILE)"),
    (("check", "-"), "stdin", "nominate: <stdin>: standard input is closed: nothing to read"),
])
def test_a_closed_stream_is_one_line(args: tuple[str | Path, ...], closed: str, said: str) -> None:
    command = " ".join(map(str, [*nominate_cmd(), *args]))
    redirect = ">&-" if closed == "stdout" else "<&-"
    done = subprocess.run(f"{command} {redirect}", shell=True, executable="/bin/bash",
                          capture_output=closed == "stdin", stderr=subprocess.PIPE
                          if closed == "stdout" else None, text=True, env=ENV, timeout=120,
                          check=False)
    assert done.returncode == 2
    assert done.stderr == said + "\n"


def test_output_dash_is_stdout_with_the_same_promises(tmp_path: Path) -> None:
    """``-o -``: a reader that stops early keeps the records' exit code (it was 'cannot
    write here (Broken pipe)', exit 2); a closed stdout is one line (an internal error)."""
    command = " ".join(map(str, [*nominate_cmd(), "check", all_eligible(tmp_path)]))
    done = subprocess.run(f"{command} -f jsonl -o - | head -c 10; echo; echo rc=${{PIPESTATUS[0]}}",
                          shell=True, executable="/bin/bash", capture_output=True, text=True,
                          env=ENV, timeout=120, check=False)
    assert done.stdout.splitlines()[-1] == "rc=0", done.stderr
    closed = subprocess.run(f"{command} -f json -o - >&-", shell=True, executable="/bin/bash",
                            stderr=subprocess.PIPE, text=True, env=ENV, timeout=120, check=False)
    assert closed.returncode == 2
    assert closed.stderr == (
        "nominate: standard output is closed: nowhere to write the report (give --output FILE)\n")


def test_a_large_report_arrives_whole_through_a_pipe(tmp_path: Path) -> None:
    """The process ends at once after a command (entry.leave): only after the report and
    the summary are flushed, whatever the buffering of a pipe."""
    done = subprocess.run(
        [*nominate_cmd(), "check", all_eligible(tmp_path, 3000), "-f", "json"],
        capture_output=True, env=ENV, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(report["results"]) == 3000 and report["summary"]["eligible"] == 3000


@pytest.mark.parametrize("code", [None, 0, 1, 2, 130])
def test_the_quick_exit_keeps_the_exit_code(code: int | None) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"from nominate.entry import leave; leave(SystemExit({code}))"],
        capture_output=True, timeout=60, check=False,
    )
    assert done.returncode == (code or 0)


@pytest.mark.parametrize("code", ["a message", True])
def test_an_unusual_exit_returns_to_the_normal_one(code: object) -> None:
    from nominate.entry import leave

    assert leave(SystemExit(code)) is None  # (returned: the process goes on)
